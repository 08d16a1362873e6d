"""Security headers on every page, no inline scripts, and the production transport settings."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]

PUBLIC_URLS = [
    "/",
    "/about/",
    "/contact/",
    "/safety/",
    "/partners/",
    "/accounts/login/",
    "/accounts/password/reset/",
    "/no-such-page/",
]
STRICT_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_content_security_policy_forbids_inline_scripts_and_framing(client, url):
    directives = csp_directives(client.get(url))

    assert directives["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_pages_refuse_framing_sniffing_and_leaky_referrers(client, url):
    response = client.get(url)

    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in STRICT_REFERRER_POLICIES


def test_signed_in_pages_carry_the_same_headers(client, staff_member):
    client.force_login(staff_member)

    response = client.get("/accounts/email/")

    assert response.status_code == 200
    assert "'unsafe-inline'" not in csp_directives(response)["script-src"]
    assert response.headers["X-Frame-Options"] == "DENY"


SIGNED_IN_URLS = ["/portal/", "/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_no_inline_script_without_a_nonce_nor_inline_handler_or_style(client, url):
    assert_no_inline_code(client.get(url), url)


@pytest.mark.parametrize("url", SIGNED_IN_URLS)
def test_signed_in_pages_have_no_inline_script_without_a_nonce(client, primary_contact, url):
    client.force_login(primary_contact)

    response = client.get(url)

    assert response.status_code == 200
    assert_no_inline_code(response, url)


def assert_no_inline_code(response, url: str) -> None:
    html = response.content.decode()

    scripts = re.findall(r"<script\b[^>]*>", html, flags=re.I)
    assert scripts, "the page loads its scripts"
    for tag in scripts:
        has_src = re.search(r"\ssrc=", tag)
        nonce = re.search(r'\snonce="([^"]+)"', tag)
        assert has_src or nonce, f"inline script without a nonce on {url}: {tag}"
        if nonce:
            assert f"'nonce-{nonce.group(1)}'" in csp_directives(response)["script-src"]
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", html, flags=re.I), "inline event handler"
    assert not re.search(r"<[^>]+\sstyle\s*=", html, flags=re.I), "inline style attribute"
    assert not re.search(r'href\s*=\s*"javascript:', html, flags=re.I)


def _production_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="cate_portal.settings.production",
        SECRET_KEY="a-production-like-secret-key-" + "x" * 40 + "-not-used-anywhere",
        ALLOWED_HOSTS="portal.cate.example.org",
        SITE_URL="https://portal.cate.example.org",
        DEBUG="false",
        # check --deploy refuses a per-process cache and console e-mail (test_deploy_checks.py);
        # neither is contacted by the checks.
        CACHE_URL="redis://127.0.0.1:6379/1",
        EMAIL_URL="smtp://127.0.0.1:25",
    )
    return env


PRODUCTION_PROBE = """
import io, json, django
from django.conf import settings
from django.core.management import call_command
django.setup()
out = io.StringIO()
call_command("check", deploy=True, fail_level="WARNING", stdout=out)
print(json.dumps({"check": out.getvalue()} | {name: getattr(settings, name) for name in (
    "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SECURE_PROXY_SSL_HEADER", "X_FRAME_OPTIONS", "SECURE_REFERRER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF")}))
"""


@pytest.fixture(scope="module")
def production_settings():
    """The production configuration, loaded in its own process so this one keeps test settings."""
    result = subprocess.run(  # noqa: S603 - fixed arguments, this interpreter
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=BASE_DIR,
        env=_production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_configuration_passes_the_deployment_check(production_settings):
    # call_command raises (and the probe fails) on any warning; the message confirms it ran.
    assert "System check identified no issues" in production_settings["check"]


def test_production_forces_https_with_hsts_and_secure_cookies(production_settings):
    values = production_settings

    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_REFERRER_POLICY"] in STRICT_REFERRER_POLICIES
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True


def test_production_refuses_to_start_without_a_secret_key():
    env = _production_environment()
    del env["SECRET_KEY"]

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
