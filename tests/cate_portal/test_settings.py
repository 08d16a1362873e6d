"""The settings read from the environment, checked in a fresh interpreter for each case."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "db": settings.DATABASES["default"]["ENGINE"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "email": settings.EMAIL_BACKEND,
    "debug": settings.DEBUG,
    "hosts": settings.ALLOWED_HOSTS,
    "from": settings.DEFAULT_FROM_EMAIL,
    "media": str(settings.MEDIA_ROOT),
    "private_media": str(settings.PRIVATE_MEDIA_ROOT),
}))
"""


def run_settings(module: str, **environ: str) -> subprocess.CompletedProcess:
    ours = {
        "DATABASE_URL",
        "CACHE_URL",
        "EMAIL_URL",
        "SECRET_KEY",
        "DEBUG",
        "ALLOWED_HOSTS",
        "SITE_URL",
    }
    env = {k: v for k, v in os.environ.items() if k not in ours}
    env.update(DJANGO_SETTINGS_MODULE=module, **environ)
    # The test's own interpreter running a fixed probe.
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_local_defaults_are_sqlite_locmem_cache_and_console_email():
    result = run_settings("cate_portal.settings.local")
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    assert probe["db"] == "django.db.backends.sqlite3"
    assert probe["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert probe["email"] == "django.core.mail.backends.console.EmailBackend"
    assert probe["debug"] is True
    # Private documents live outside the folder the development server serves.
    assert not Path(probe["private_media"]).is_relative_to(probe["media"])


def test_production_reads_database_cache_email_and_hosts_from_the_environment():
    result = run_settings(
        "cate_portal.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="portal.example.org",
        SITE_URL="https://portal.example.org",
        DATABASE_URL="postgres://cate:secret@db.internal:5432/cate",
        CACHE_URL="redis://127.0.0.1:6379/1",
        EMAIL_URL="smtp+tls://mailer:secret@smtp.example.org:587",
        DEFAULT_FROM_EMAIL="CATE <portal@example.org>",
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    assert probe["db"] == "django.db.backends.postgresql"
    assert probe["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert probe["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert probe["debug"] is False
    assert probe["hosts"] == ["portal.example.org"]
    assert probe["from"] == "CATE <portal@example.org>"


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings(
        "cate_portal.settings.production",
        ALLOWED_HOSTS="portal.example.org",
        SITE_URL="https://portal.example.org",
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
