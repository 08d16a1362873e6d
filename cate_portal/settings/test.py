"""Settings for the test suite: fast hashing, in-memory e-mail and cache."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "django-insecure-test-only")
os.environ["DEBUG"] = "false"

from .base import *  # noqa: F403
from .base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "private_pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "private-pages",
    },
}
# Tests must not depend on collectstatic having run.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="cate-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="cate-test-private-")
# WhiteNoise indexes STATIC_ROOT anew for every test client: some 60 ms per client once
# `make run` (or the multi_instance test, during the PostgreSQL run) has collected ~1,800 files
# into staticfiles/, and a race with that collectstatic when both suites run at once. Tests read
# static files through the finders (the live server's handler), never from STATIC_ROOT.
STATIC_ROOT = tempfile.mkdtemp(prefix="cate-test-static-")
# Query-count tests measure a page's own queries: the page caches are off except in their
# own tests (tests/cate_portal/test_page_cache.py), which turn them on.
PUBLIC_PAGE_CACHE_SECONDS = 0
PRIVATE_PAGE_CACHE_SECONDS = 0
