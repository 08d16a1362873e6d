"""A backend that cannot be reached answers a clean 503 page; Redis down locks no one out and
lets no rate limit be skipped (README, "When PostgreSQL or Redis is down")."""

import socket

import pytest
from django.contrib.auth import get_user
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from cate_portal.site.views import AboutView
from partners.models import Application
from tests.factories import adopted_version, application_form_data

pytestmark = pytest.mark.django_db

UNAVAILABLE = "The portal is briefly unavailable"


@pytest.fixture
def anonymous():
    """A browser whose request errors are answered as in production, not raised in the test."""
    return Client(raise_request_exception=False)


@pytest.fixture
def redis_down(settings):
    """The cache is Redis on a loopback port where nothing listens, as during an outage."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    return port


def assert_clean_503(response):
    assert response.status_code == 503
    body = response.content.decode()
    assert UNAVAILABLE in body
    assert "Traceback" not in body and "Error" not in body
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "error",
    [OperationalError("server closed the connection"), RedisConnectionError("refused")],
    ids=["postgresql", "redis"],
)
def test_an_unreachable_backend_during_a_request_answers_a_clean_503(anonymous, monkeypatch, error):
    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(AboutView, "get_context_data", fail)
    assert_clean_503(anonymous.get(reverse("about")))


def test_any_other_error_is_still_the_500_page(anonymous, monkeypatch):
    def fail(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(AboutView, "get_context_data", fail)
    response = anonymous.get(reverse("about"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_redis_down_fails_sign_in_closed_with_a_503_instead_of_skipping_the_rate_limit(
    anonymous, user, password, redis_down
):
    response = anonymous.post(reverse("account_login"), {"login": user.email, "password": password})
    assert_clean_503(response)
    assert not get_user(anonymous).is_authenticated


def test_redis_down_keeps_everyone_signed_in(anonymous, user, request):
    # Sessions live in PostgreSQL: a partner signed in before the outage keeps working.
    anonymous.force_login(user)
    request.getfixturevalue("redis_down")
    response = anonymous.get(reverse("portal:dashboard"))
    assert response.status_code == 200
    assert get_user(anonymous) == user


def test_redis_down_serves_public_pages_uncached(anonymous, settings, redis_down):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    response = anonymous.get(reverse("partners:directory"))
    assert response.status_code == 200


def test_redis_down_refuses_an_application_with_a_503_and_stores_nothing(anonymous, request):
    adopted_version()
    request.getfixturevalue("redis_down")
    response = anonymous.post("/apply/", application_form_data())
    assert_clean_503(response)
    assert not Application.objects.exists()
