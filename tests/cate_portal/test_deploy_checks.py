"""Production refuses a per-process cache and an e-mail backend that sends nothing
(cate_portal/checks.py, run by `check --deploy`); one referrer policy, set by the header."""

import importlib
import re
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from cate_portal.checks import (
    check_email_is_sent,
    check_private_pages_stay_in_process,
    check_shared_cache,
)
from cate_portal.settings import base as base_settings

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }
}
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cate_portal.settings.production",
    "SECRET_KEY": "a-production-like-key-" + "x" * 50,
    "ALLOWED_HOSTS": "portal.cate.example.org",
    "SITE_URL": "https://portal.cate.example.org",
}


def ids(errors) -> list[str]:
    return [error.id for error in errors]


@pytest.mark.parametrize("backend", ["locmem.LocMemCache", "dummy.DummyCache"])
def test_a_per_process_default_cache_is_an_error(backend):
    caches = {"default": {"BACKEND": f"django.core.cache.backends.{backend}"}}
    with override_settings(CACHES=caches):
        assert ids(check_shared_cache()) == ["cate_portal.E001"]


def test_a_shared_cache_passes():
    with override_settings(CACHES=REDIS):
        assert check_shared_cache() == []


@pytest.mark.parametrize("engine", ["cache", "cached_db"])
def test_sessions_on_a_per_process_cache_are_an_error(engine):
    caches = {**REDIS, "sessions": LOCMEM["default"]}
    with override_settings(
        CACHES=caches,
        SESSION_ENGINE=f"django.contrib.sessions.backends.{engine}",
        SESSION_CACHE_ALIAS="sessions",
    ):
        assert ids(check_shared_cache()) == ["cate_portal.E002"]


def test_sessions_in_the_database_need_no_shared_cache_for_themselves():
    with override_settings(CACHES=REDIS, SESSION_ENGINE="django.contrib.sessions.backends.db"):
        assert check_shared_cache() == []


PRIVATE_LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


@pytest.mark.parametrize(
    "private",
    [REDIS["default"], {"BACKEND": "django.core.cache.backends.db.DatabaseCache"}, None],
)
def test_signed_in_pages_in_a_shared_or_missing_cache_are_an_error(private):
    caches = {**REDIS, **({"private_pages": private} if private else {})}
    with override_settings(CACHES=caches, PRIVATE_PAGE_CACHE_SECONDS=30):
        assert ids(check_private_pages_stay_in_process()) == ["cate_portal.E004"]
        with override_settings(PRIVATE_PAGE_CACHE_SECONDS=0):
            assert check_private_pages_stay_in_process() == []


def test_signed_in_pages_kept_in_each_process_pass():
    caches = {**REDIS, "private_pages": PRIVATE_LOCMEM}
    with override_settings(CACHES=caches, PRIVATE_PAGE_CACHE_SECONDS=30):
        assert check_private_pages_stay_in_process() == []


@pytest.mark.parametrize("backend", ["console", "locmem", "filebased", "dummy"])
def test_an_email_backend_that_sends_nothing_is_an_error_unless_allowed(backend):
    with override_settings(EMAIL_BACKEND=f"django.core.mail.backends.{backend}.EmailBackend"):
        assert ids(check_email_is_sent()) == ["cate_portal.E003"]
        with override_settings(ALLOW_CONSOLE_EMAIL=True):
            assert check_email_is_sent() == []


def test_smtp_passes():
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend"):
        assert check_email_is_sent() == []


def test_check_deploy_fails_on_a_per_process_cache_and_console_email():
    # The production configuration with CACHE_URL and EMAIL_URL passes `check --deploy`:
    # test_security_headers.py runs it in its own process.
    with override_settings(
        CACHES=LOCMEM, EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"
    ):
        call_command("check", stdout=StringIO())  # development and tests are not refused
        with pytest.raises(SystemCheckError) as refused:
            call_command("check", deploy=True, fail_level="ERROR", stdout=StringIO())
    assert "cate_portal.E001" in str(refused.value)
    assert "cate_portal.E003" in str(refused.value)


# --- One referrer policy, set by the header ------------------------------------------------


def template_files() -> list[Path]:
    roots = [Path(settings.BASE_DIR) / "templates"]
    roots += [
        Path(settings.BASE_DIR) / app / "templates"
        for app in ("cate_portal", "partners", "leadership")
    ]
    return [path for root in roots if root.exists() for path in root.rglob("*.html")]


def test_no_template_sets_a_referrer_policy_of_its_own():
    files = template_files()
    assert len(files) > 20
    meta = re.compile(r"<meta[^>]+name=[\"']?referrer", re.IGNORECASE)
    assert [str(path) for path in files if meta.search(path.read_text())] == []


@pytest.mark.django_db
def test_production_sends_its_strict_referrer_policy_in_the_header(client, monkeypatch):
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    # Production's module adjusts the database settings it shares with the test settings.
    database = dict(base_settings.DATABASES["default"])
    production = importlib.import_module("cate_portal.settings.production")
    try:
        policy = production.SECURE_REFERRER_POLICY
        assert "django.middleware.security.SecurityMiddleware" in production.MIDDLEWARE
    finally:
        sys.modules.pop("cate_portal.settings.production", None)
        base_settings.DATABASES["default"].clear()
        base_settings.DATABASES["default"].update(database)
    assert policy == "same-origin"
    with override_settings(SECURE_REFERRER_POLICY=policy):
        response = client.get("/")
    assert response["Referrer-Policy"] == "same-origin"
    assert 'name="referrer"' not in response.content.decode()
