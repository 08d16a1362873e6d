"""Signed-in pages kept per worker process and per session (cate_portal/page_cache.py,
``cache_private_page``): served again without the view's queries, renewed by every change at
once, never another person's or another session's copy, never in the shared cache, and never
after the moment the page said it changes by itself."""

import datetime
import re

import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib import messages
from django.contrib.auth.models import Group, Permission
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache, caches
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token
from django.template import RequestContext, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cate_portal import page_cache
from partners.organizations.services import update_profile
from partners.people.services import end_membership
from tests.conftest import sign_in_with_second_factor
from tests.factories import MembershipFactory, UserFactory
from tests.leadership.factories import ProposalFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/portal/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
#: What a request answered from the private cache still runs: the session and the user.
SIGN_IN_QUERIES = 2


@pytest.fixture(autouse=True)
def private_cache_on(settings):
    settings.PRIVATE_PAGE_CACHE_SECONDS = 30
    store = caches[page_cache.PRIVATE_CACHE_ALIAS]
    store.clear()
    yield store
    store.clear()


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(captured)


def stored(store) -> list[str]:
    return [key for key in store._cache if "private-page:" in key]


def test_a_signed_in_page_is_served_again_without_the_views_queries(
    client, primary_contact, organization, private_cache_on
):
    client.force_login(primary_contact)
    _first, first_queries = queries_for(client, DASHBOARD)
    again, again_queries = queries_for(client, DASHBOARD)

    assert first_queries > SIGN_IN_QUERIES and again_queries == SIGN_IN_QUERIES
    assert organization.name in again.content.decode()
    assert len(stored(private_cache_on)) == 1
    # The page keeps the headers that stop browsers and proxies from storing it.
    assert "no-store" in again["Cache-Control"] and "private" in again["Cache-Control"]


def test_a_change_of_the_data_shows_on_the_next_request(client, primary_contact, organization):
    client.force_login(primary_contact)
    assert "Safe Harbor Alliance" in client.get(DASHBOARD).content.decode()

    update_profile(
        organization=organization, acting_user=primary_contact, changes={"name": "Renamed Haven"}
    )

    page = client.get(DASHBOARD).content.decode()
    assert "Renamed Haven" in page and "Safe Harbor Alliance" not in page


def test_a_change_shows_even_when_the_shared_cache_lost_the_version(client, organization):
    """Copies live in each worker while the version lives in Redis: when Redis comes back
    empty (a restart) the new version must be one no kept copy carries."""
    client.force_login(MembershipFactory(organization=organization).user)
    cache.clear()  # Redis restarted
    assert "Safe Harbor Alliance" in client.get(DASHBOARD).content.decode()
    organization.name = "Renamed Haven"
    organization.save()
    cache.clear()  # and again, within the copy's 30 s

    page = client.get(DASHBOARD).content.decode()
    assert "Renamed Haven" in page and "Safe Harbor Alliance" not in page


def test_each_person_gets_their_own_page(
    client, primary_contact, other_partner, organization, other_organization
):
    client.force_login(primary_contact)
    client.get(DASHBOARD)
    client.get(reverse("portal:people", args=[organization.slug]))

    other = Client()
    other.force_login(other_partner)
    page = other.get(DASHBOARD).content.decode()
    assert other_organization.name in page and organization.name not in page
    # Another organization's people page stays a 404 for them, cached copy or not.
    assert other.get(reverse("portal:people", args=[organization.slug])).status_code == 404


def test_each_session_gets_its_own_copy_with_its_own_csrf_token(
    primary_contact, organization, private_cache_on
):
    url = reverse("portal:people", args=[organization.slug])
    tokens = []
    for client in (Client(), Client()):
        client.force_login(primary_contact)
        client.get(url)
        response = client.get(url)  # from the cache
        token = TOKEN.search(response.content.decode()).group(1)
        assert _unmask_cipher_token(token) == client.cookies["csrftoken"].value
        tokens.append(client.cookies["csrftoken"].value)
    assert tokens[0] != tokens[1]
    assert len(stored(private_cache_on)) == 2


def test_a_change_in_the_session_such_as_a_second_factor_renders_the_page_again(
    client, totp_director
):
    client.force_login(totp_director)
    client.get(DASHBOARD)
    _page, cached_queries = queries_for(client, DASHBOARD)
    assert cached_queries == SIGN_IN_QUERIES

    # The same session passes the second factor: staff clearance changes what pages show.
    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, totp_director, method="mfa", type="totp")
    request.session.save()

    _page, queries = queries_for(client, DASHBOARD)
    assert queries > SIGN_IN_QUERIES


def test_a_pending_message_is_shown_on_a_page_that_was_cached(
    client, primary_contact, organization
):
    url = reverse("portal:people", args=[organization.slug])
    client.force_login(primary_contact)
    client.get(url)
    client.get(url)

    response = client.post(
        url,
        {"email": "new.person@example.org", "full_name": "New Person", "role": "staff"},
        follow=True,
    )

    assert "An invitation was sent to new.person@example.org." in response.content.decode()


def test_a_message_shown_on_the_page_that_added_it_is_not_kept(primary_contact, private_cache_on):
    """A view that adds a message and shows it in the same page (no redirect in between)
    leaves no cookie or session change behind: the copy would repeat the message."""
    shown_once = []

    @page_cache.cache_private_page
    def view(request):
        if not shown_once:
            messages.info(request, "Your profile was confirmed.")
            shown_once.append(True)
        return HttpResponse(
            Template("{% for message in messages %}{{ message }}{% endfor %}").render(
                RequestContext(request)
            )
        )

    def get():
        request = RequestFactory().get(DASHBOARD)
        request.session = SessionStore(session.session_key)
        request.user = primary_contact
        MessageMiddleware(view).process_request(request)
        return view(request).content.decode()

    session = SessionStore()
    session["started"] = True
    session.save()
    assert get() == "Your profile was confirmed."
    assert get() == ""
    assert stored(private_cache_on)  # the page without the message is kept


def test_only_gets_are_kept_or_answered(client, primary_contact, private_cache_on):
    client.force_login(primary_contact)
    assert client.head(DASHBOARD).status_code == 200
    assert stored(private_cache_on) == []
    client.get(DASHBOARD)
    with CaptureQueriesContext(connection) as captured:
        assert client.head(DASHBOARD).status_code == 200
    assert len(captured) > SIGN_IN_QUERIES  # rendered by the view, not from the copy


def test_an_ended_membership_or_a_changed_password_closes_the_kept_page(
    primary_contact, organization
):
    member = MembershipFactory(organization=organization, role="staff")
    url = reverse("portal:people", args=[organization.slug])
    ending, other_session = Client(), Client()
    ending.force_login(member.user)
    other_session.force_login(primary_contact)
    for client in (ending, other_session):
        client.get(url)
        assert client.get(url).status_code == 200  # from the copy

    end_membership(membership=member, acting_user=primary_contact)
    primary_contact.set_password("A-new-passphrase-42")
    primary_contact.save()  # signs every other session out

    assert ending.get(url).status_code == 404
    assert other_session.get(url).status_code == 302


def test_signed_in_pages_never_reach_the_shared_cache(client, primary_contact, organization):
    client.force_login(primary_contact)
    for url in (DASHBOARD, reverse("portal:people", args=[organization.slug])):
        client.get(url)
        client.get(url)
    assert [key for key in cache._cache if "page:" in key] == []


def test_the_director_s_organization_list_follows_the_data(director_client, organization):
    url = reverse("admin:partners_organization_changelist")
    _first, first_queries = queries_for(director_client, url)
    again, again_queries = queries_for(director_client, url)
    assert again_queries < first_queries
    assert organization.name in again.content.decode()

    organization.name = "Renamed In The Admin"
    organization.save()  # a change by any path retires the copies

    assert "Renamed In The Admin" in director_client.get(url).content.decode()


def test_a_permission_taken_from_a_group_closes_the_organization_list_at_once(organization):
    """The admin's list is allowed by model permissions, which staff hold through groups
    (django.contrib.auth): taking one away retires the copies like any change of the data."""
    clerk = UserFactory(email="clerk@example.org", is_staff=True, is_superuser=False)
    TOTP.activate(clerk, generate_totp_secret())
    group = Group.objects.create(name="Directory clerks")
    may_view = Permission.objects.get(codename="view_organization")
    group.permissions.add(may_view)
    clerk.groups.add(group)
    client = sign_in_with_second_factor(Client(), clerk)
    url = reverse("admin:partners_organization_changelist")
    assert client.get(url).status_code == 200
    assert organization.name in client.get(url).content.decode()  # from the cache

    group.permissions.remove(may_view)

    assert client.get(url).status_code == 403


def test_a_proposal_page_is_kept_no_longer_than_until_its_ballots_close(
    client, director, organization, private_cache_on
):
    leader = MembershipFactory(organization=organization, role="executive_leader").user
    closes_at = timezone.now() + datetime.timedelta(seconds=5)
    proposal = ProposalFactory(
        created_by=director,
        opens_at=timezone.now() - datetime.timedelta(days=1),
        closes_at=closes_at,
    )
    client.force_login(leader)

    assert client.get(reverse("leadership:decision-detail", args=[proposal.pk])).status_code == 200

    [key] = stored(private_cache_on)
    expires = datetime.datetime.fromtimestamp(private_cache_on._expire_info[key], datetime.UTC)
    assert expires <= closes_at + datetime.timedelta(seconds=1)


def test_the_timeout_is_cut_to_the_moment_the_page_changes():
    request = RequestFactory().get("/")
    assert page_cache._timeout(request, 30) == 30
    page_cache.page_changes_at(request, None)
    assert page_cache._timeout(request, 30) == 30
    page_cache.page_changes_at(request, timezone.now() + datetime.timedelta(seconds=12))
    page_cache.page_changes_at(request, timezone.now() + datetime.timedelta(hours=2))
    assert 10 <= page_cache._timeout(request, 30) <= 12  # the earliest moment wins
    page_cache.page_changes_at(request, timezone.now() - datetime.timedelta(seconds=1))
    assert page_cache._timeout(request, 30) == 0


def test_nothing_is_kept_when_the_setting_is_zero(client, primary_contact, settings):
    settings.PRIVATE_PAGE_CACHE_SECONDS = 0
    client.force_login(primary_contact)
    client.get(DASHBOARD)
    _page, queries = queries_for(client, DASHBOARD)
    assert queries > SIGN_IN_QUERIES
