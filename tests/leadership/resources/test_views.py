"""The resource library's pages: search and filters in the query string, a fixed number of
queries, a partner's contribution (refusals keep what was typed, never a 500)."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leadership.models import Resource, ResourceStatus, ResourceTopic, ResourceVisibility
from tests.factories import MembershipFactory, OrganizationFactory
from tests.leadership.factories import ResourceFactory
from tests.sample_files import PDF

pytestmark = pytest.mark.django_db

LIST = "/resources/"


def topic(slug):
    return ResourceTopic.objects.get(slug=slug)


@pytest.fixture
def library(db):
    protocol = ResourceFactory(
        title="Night intake protocol",
        description="Steps for a shelter intake after hours.",
        visibility=ResourceVisibility.PUBLIC,
    )
    protocol.topics.set([topic("protocols")])
    guide = ResourceFactory(
        title="County referral guide",
        description="Whom to call for labor trafficking cases.",
        visibility=ResourceVisibility.PUBLIC,
        with_file=True,
    )
    guide.topics.set([topic("referral-guides"), topic("labor-trafficking")])
    return {"protocol": protocol, "guide": guide}


def titles(response) -> set[str]:
    return {resource.title for resource in response.context["object_list"]}


def test_search_by_words_in_title_and_description(client, library):
    assert titles(client.get(LIST, {"q": "intake"})) == {"Night intake protocol"}
    assert titles(client.get(LIST, {"q": "labor CALL"})) == {"County referral guide"}
    assert titles(client.get(LIST, {"q": "intake labor"})) == set()


def test_filters_by_topic_and_kind_live_in_the_query_string(client, library):
    response = client.get(LIST, {"topic": "labor-trafficking", "q": "", "page": "1"})
    assert titles(response) == {"County referral guide"}
    assert response.context["query_string"] == "topic=labor-trafficking"
    assert titles(client.get(LIST, {"kind": "link"})) == {"Night intake protocol"}
    assert titles(client.get(LIST, {"kind": "file"})) == {"County referral guide"}


def test_a_topic_link_on_a_resource_filters_the_list(client, library):
    html = client.get(LIST).content.decode()
    assert 'href="/resources/?topic=labor-trafficking"' in html


def test_an_unknown_topic_is_said_next_to_the_field_not_a_500(client, library):
    response = client.get(LIST, {"topic": "no-such-topic", "kind": "nonsense"})
    assert response.status_code == 200
    assert titles(response) == set()
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert "Select a valid choice" in html


def test_a_link_opens_safely_on_another_site(client, library):
    html = client.get(library["protocol"].get_absolute_url()).content.decode()
    assert 'href="https://example.org/guide" rel="noopener noreferrer"' in html


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _populate(count: int) -> None:
    topics = list(ResourceTopic.objects.all())
    organizations = [OrganizationFactory() for _ in range(3)]
    for n in range(count):
        resource = ResourceFactory(
            title=f"Budget resource {n:03}",
            organization=organizations[n % 3],
            visibility=ResourceVisibility.PUBLIC if n % 2 else ResourceVisibility.PARTNERS,
        )
        resource.topics.set(topics[: 1 + n % 3])


@pytest.mark.parametrize("url", [LIST, LIST + "?q=budget&topic=protocols&kind=link&page=1"])
def test_the_list_runs_the_same_queries_at_two_data_sizes(
    client, client_as, other_partner, django_assert_num_queries, url
):
    _populate(4)
    anonymous = _count(client, url)
    partner_client = client_as(other_partner)
    partner = _count(partner_client, url)
    _populate(40)
    with django_assert_num_queries(partner):
        partner_client.get(url)
    partner_client.logout()
    with django_assert_num_queries(anonymous):
        client.get(url)
    assert anonymous <= 8 and partner <= 14, (anonymous, partner)


# --- Contributing -------------------------------------------------------------------------------


def contribute_url(organization):
    return reverse("leadership:resource-contribute", args=[organization.slug])


def form_data(**changes):
    data = {
        "title": "Youth outreach toolkit",
        "description": "Guides for school counselors.",
        "topics": [topic("youth").pk],
        "visibility": ResourceVisibility.PARTNERS,
        "link": "",
    }
    data.update(changes)
    return data


def test_a_primary_contact_contributes_a_file_that_waits_for_approval(
    client_as, primary_contact, organization, settings, django_capture_on_commit_callbacks
):
    client = client_as(primary_contact)
    data = form_data(upload=SimpleUploadedFile("toolkit.pdf", PDF, "application/pdf"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contribute_url(organization), data)

    resource = Resource.objects.get()
    assert response.status_code == 302
    assert response["Location"] == resource.get_absolute_url()
    assert resource.status == ResourceStatus.PENDING
    assert resource.organization == organization
    assert resource.contributed_by == primary_contact
    assert list(resource.topics.values_list("slug", flat=True)) == ["youth"]
    assert resource.file.name.startswith("resources/") and resource.file.name.endswith(".pdf")
    assert "toolkit" not in resource.file.name
    assert resource.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert [message.to for message in mail.outbox] == [[settings.COALITION_EMAIL]]
    assert "Youth outreach toolkit" in mail.outbox[0].subject
    page = client.get(resource.get_absolute_url()).content.decode()
    assert "waits for the Coalition Director" in page


def test_an_executive_leader_contributes_a_link(client_as, executive_leader, organization):
    response = client_as(executive_leader).post(
        contribute_url(organization), form_data(link="https://example.org/toolkit")
    )
    assert response.status_code == 302
    assert Resource.objects.get().link == "https://example.org/toolkit"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"upload": SimpleUploadedFile("x.pdf", b"<html><script>1</script></html>")},
            "The file must be a PDF",
        ),
        ({}, "Attach a file or give a link."),
        (
            {
                "upload": SimpleUploadedFile("x.pdf", PDF),
                "link": "https://example.org/",
            },
            "Attach a file or give a link, not both.",
        ),
        ({"link": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"title": ""}, "Enter the resource&#x27;s title."),
    ],
)
def test_a_refused_contribution_keeps_what_was_typed_and_stores_nothing(
    client_as, primary_contact, organization, changes, message
):
    response = client_as(primary_contact).post(contribute_url(organization), form_data(**changes))

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Guides for school counselors." in html
    assert "choose it again" in html
    assert not Resource.objects.exists()
    assert not mail.outbox


def test_a_file_over_the_limit_is_refused(client_as, primary_contact, organization, settings):
    settings.PRIVATE_UPLOAD_MAX_BYTES = len(PDF) - 1
    response = client_as(primary_contact).post(
        contribute_url(organization), form_data(upload=SimpleUploadedFile("x.pdf", PDF))
    )
    assert "can be at most" in response.content.decode()
    assert not Resource.objects.exists()


def test_who_may_not_contribute_is_refused(
    client, client_as, staff_member, other_partner, organization
):
    url = contribute_url(organization)
    assert client.get(url).status_code == 302  # sign in first
    assert client_as(staff_member).post(url, form_data(link="https://x.org/")).status_code == 403
    assert client_as(other_partner).post(url, form_data(link="https://x.org/")).status_code == 404
    assert not Resource.objects.exists()


def test_the_list_offers_contributing_to_managers_only(
    client_as, primary_contact, staff_member, organization
):
    MembershipFactory(user=primary_contact, organization=OrganizationFactory(name="Second Org"))
    html = client_as(primary_contact).get(LIST).content.decode()
    assert contribute_url(organization) in html
    html = client_as(staff_member).get(LIST).content.decode()
    assert "/resources/contribute/" not in html
