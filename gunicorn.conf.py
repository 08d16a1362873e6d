"""gunicorn's settings for the portal in production:

    gunicorn -c gunicorn.conf.py cate_portal.wsgi

Each setting can be changed from the environment (or on the command line, which wins).
Sync workers: every page is short, and a worker per core keeps the latency predictable.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request slower than this is a bug or a hung backend: the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Workers are renewed now and then, so a slow leak can never grow without bound. The
# application is loaded once, before the workers are forked: a renewed worker starts in
# milliseconds instead of importing Django again (which stalled requests for over a second
# under load). Nothing connects to PostgreSQL or Redis at import time, so no connection is
# shared across the fork.
preload_app = True
max_requests = 20000
max_requests_jitter = 2000
# The proxy in front (same host) terminates TLS and sets X-Forwarded-Proto; Django reads it
# (SECURE_PROXY_SSL_HEADER), gunicorn only needs to trust it from the proxy's address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
