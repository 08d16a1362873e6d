"""Public pages kept in the shared cache for anonymous visitors (cate_portal/page_cache.py):
served again without rendering, renewed by every change at once, never shared across visitors'
CSRF tokens, never filled by a signed-in person's page."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cate_portal import page_cache
from partners.organizations.services import update_profile

pytestmark = pytest.mark.django_db

DIRECTORY = "/partners/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


def cached_pages() -> list[str]:
    # The test settings' cache is per-process local memory; its keys carry Django's prefix.
    return [key for key in cache._cache if "public-page:" in key]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured)


def test_an_anonymous_page_is_served_again_without_rendering_or_queries(organization):
    first, first_queries = queries_for(Client(), DIRECTORY)
    again, again_queries = queries_for(Client(), DIRECTORY)
    assert first.status_code == again.status_code == 200
    assert first_queries > 0 and again_queries == 0
    assert organization.name in again.content.decode()
    # The headers the view chose come back with the page; the middleware adds its own.
    assert again["Cache-Control"] == first["Cache-Control"]
    assert "Content-Security-Policy" in again


def test_an_edited_profile_shows_on_the_next_request(organization, primary_contact):
    assert "Safe Harbor Alliance" in Client().get(DIRECTORY).content.decode()
    update_profile(
        organization=organization,
        acting_user=primary_contact,
        changes={"name": "Safe Harbor Renamed"},
    )
    page = Client().get(DIRECTORY).content.decode()
    assert "Safe Harbor Renamed" in page and "Safe Harbor Alliance" not in page


def test_a_change_retires_the_pages_in_its_transaction_and_again_at_commit(
    organization, primary_contact
):
    before = page_cache.data_version()
    update_profile(
        organization=organization, acting_user=primary_contact, changes={"name": "Renamed"}
    )
    inside = page_cache.data_version()
    assert inside > before
    # The test's transaction never commits: run what its commit would run (once, however
    # many rows changed).
    pending = [f for _s, f, _r in connection.run_on_commit if f is page_cache.bump_after_commit]
    assert len(pending) == 1
    pending[0]()
    assert page_cache.data_version() > inside


def test_each_visitor_gets_their_own_csrf_token_from_a_cached_form(organization):
    first, second = Client(), Client()
    tokens = []
    for client in (first, second):
        response = client.get("/apply/")
        token = TOKEN.search(response.content.decode()).group(1)
        cookie = client.cookies["csrftoken"].value
        # The token in the page belongs to this visitor's own CSRF cookie.
        assert _unmask_cipher_token(token) == cookie
        tokens.append(cookie)
    assert len(cached_pages()) == 1
    assert tokens[0] != tokens[1]
    assert page_cache.CSRF_PLACEHOLDER not in second.get("/apply/").content.decode()


def test_a_signed_in_persons_pages_never_reach_the_shared_cache(client, primary_contact):
    client.force_login(primary_contact)
    for url in (DIRECTORY, "/", "/coverage/", "/leadership/", "/apply/"):
        assert client.get(url).status_code == 200
    assert cached_pages() == []


def test_a_signed_in_person_never_gets_the_anonymous_cached_page(client, primary_contact):
    Client().get("/")
    client.force_login(primary_contact)
    assert "Sign out" in client.get("/").content.decode()


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page():
    Client().get("/contact/")  # stored for everyone
    visitor = Client()
    data = {"name": "Ana", "email": "ana@example.org", "message": "Hello"}
    response = visitor.post("/contact/", data, follow=True)
    assert "your message has reached the coalition" in response.content.decode()


def test_the_key_depends_on_the_language_and_the_query_string():
    factory = RequestFactory()
    plain, filtered = factory.get(DIRECTORY), factory.get(DIRECTORY, {"county": "29019"})
    assert page_cache._key(plain) != page_cache._key(filtered)
    with translation.override("es"):
        spanish = page_cache._key(plain)
    assert spanish != page_cache._key(plain)


def test_a_page_that_is_not_found_is_not_stored():
    assert Client().get(reverse("partners:detail", args=["no-such-partner"])).status_code == 404
    assert cached_pages() == []
