"""One JSON log line per request, the request ID in a header and on the 500 page
(cate_portal/middleware.py, RequestLogMiddleware; cate_portal/logs.py; cate_portal/http.py)."""

import json
import logging
import re

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from cate_portal import urls as portal_urls
from cate_portal.logs import logging_settings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET_ADDRESS = "4242 Sentinel Confidential Way"


def crash(request):
    raise ValueError(f"could not reach robin@northland.example.org at {SECRET_ADDRESS}")


def fine(request):
    return HttpResponse("fine")


# This module is the URLconf of the tests marked with it: the portal's, with a view that fails.
urlpatterns = [path("crash/", crash), path("fine/", fine), *portal_urls.urlpatterns]
handler500 = "cate_portal.http.server_error"


def json_line(record: logging.LogRecord) -> dict:
    """The record as the portal's console handler writes it: one JSON object."""
    config = logging_settings("INFO")["formatters"]["json"]
    factory = config.pop("()")
    module, name = factory.rsplit(".", 1)
    formatter = getattr(__import__(module, fromlist=[name]), name)(**config)
    line = formatter.format(record)
    assert "\n" not in line
    return json.loads(line)


def request_lines(caplog) -> list[dict]:
    return [json_line(r) for r in caplog.records if r.name == "cate_portal.requests"]


def test_each_request_writes_one_json_line_with_its_fields(client, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.get("/partners/?county=12&q=robin@example.org")
    [line] = request_lines(caplog)
    assert line["message"] == "request"
    assert line["level"] == "INFO"
    assert line["logger"] == "cate_portal.requests"
    assert line["method"] == "GET"
    assert line["path"] == "/partners/"  # no query string
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert line["user_id"] is None
    assert line["request_id"] == response["X-Request-ID"]
    assert "time" in line
    assert "robin" not in json.dumps(line)


def test_the_line_names_the_signed_in_account_by_its_id_only(client, caplog):
    user = UserFactory(email="casey.private@example.org")
    client.force_login(user)
    caplog.set_level(logging.DEBUG)
    client.get("/portal/")
    [line] = request_lines(caplog)
    assert line["user_id"] == user.pk
    assert "casey" not in json.dumps(line).lower()


def test_an_unusual_method_is_logged_as_other(client, caplog):
    caplog.set_level(logging.DEBUG)
    client.generic("BREW\nX", "/")
    [line] = request_lines(caplog)
    assert line["method"] == "OTHER"


def test_every_response_carries_a_new_request_id(client):
    first, second = client.get("/"), client.get("/about/")
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_redirect_carries_the_request_id_too(client):
    response = client.get("/portal/")
    assert response.status_code == 302
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_the_proxys_request_id_is_kept_when_it_is_plain(client, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.get("/", headers={"X-Request-ID": "edge-5f2c1a9e-7b41"})
    assert response["X-Request-ID"] == "edge-5f2c1a9e-7b41"
    assert request_lines(caplog)[0]["request_id"] == "edge-5f2c1a9e-7b41"


@pytest.mark.parametrize(
    "incoming",
    ["short", "has space in it ok", "robin@example.org-xyz", "a" * 65, "x\ny-injected-line", ""],
)
def test_any_other_incoming_request_id_is_replaced(client, incoming):
    response = client.get("/", headers={"X-Request-ID": incoming})
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.urls(__name__)
def test_the_500_page_shows_the_request_id_that_finds_the_traceback(caplog):
    caplog.set_level(logging.DEBUG)
    response = Client(raise_request_exception=False).get("/crash/?email=robin@example.org")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    page = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "<h1>Something went wrong on our side</h1>" in page
    assert f"<code>{request_id}</code>" in page
    [error] = [r for r in caplog.records if r.name == "django.request"]
    assert error.request_id == request_id
    assert "ValueError" in error.exc_text
    assert "robin@" not in error.exc_text and SECRET_ADDRESS not in error.exc_text
    [line] = request_lines(caplog)
    assert line["status"] == 500 and line["path"] == "/crash/"
    assert line["request_id"] == request_id
    assert json_line(error)["request_id"] == request_id


@pytest.mark.urls(__name__)
def test_records_outside_a_request_carry_no_request_id(client, caplog):
    caplog.set_level(logging.DEBUG)
    logging.getLogger("cate_portal.tests").info("outside")
    client.get("/fine/")
    outside = next(r for r in caplog.records if r.getMessage() == "outside")
    assert outside.request_id is None


@pytest.mark.urls(__name__)
def test_the_500_page_falls_back_to_plain_text_when_the_site_page_cannot_render(settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [], "APP_DIRS": False}]
    response = Client(raise_request_exception=False).get("/crash/")
    assert response.status_code == 500
    assert response.content.decode() == (
        f"Something went wrong on our side. Reference: {response['X-Request-ID']}"
    )
