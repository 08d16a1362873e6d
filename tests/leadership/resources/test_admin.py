"""The director's admin of the library: saves through the services; pending contributions on
the dashboard; the file served to the director."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leadership.models import Resource, ResourceStatus, ResourceTopic, ResourceVisibility
from tests.leadership.factories import ResourceFactory
from tests.sample_files import PDF

pytestmark = pytest.mark.django_db

ADD = reverse("admin:leadership_resource_add")


def admin_data(**changes):
    data = {
        "title": "Statewide referral guide",
        "description": "Who takes which referrals.",
        "topics": [ResourceTopic.objects.get(slug="referral-guides").pk],
        "visibility": ResourceVisibility.PARTNERS,
        "link": "",
        "organization": "",
    }
    data.update(changes)
    return data


def test_the_director_adds_a_file_approved_at_once(director_client, director):
    data = admin_data(upload=SimpleUploadedFile("guide.pdf", PDF, "application/pdf"))
    response = director_client.post(ADD, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    resource = Resource.objects.get()
    assert resource.status == ResourceStatus.APPROVED
    assert resource.contributed_by == director
    assert resource.file.name.endswith(".pdf")
    assert list(resource.topics.values_list("slug", flat=True)) == ["referral-guides"]
    assert resource.history.first().history_user == director


def test_a_bad_file_in_the_admin_is_refused_and_keeps_what_was_typed(director_client):
    data = admin_data(upload=SimpleUploadedFile("guide.pdf", b"<svg onload=alert(1)>"))
    response = director_client.post(ADD, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "The file must be a PDF" in html
    assert "Who takes which referrals." in html
    assert not Resource.objects.exists()


def test_the_approve_action_approves_through_the_service(director_client, organization):
    waiting = ResourceFactory(status=ResourceStatus.PENDING, organization=organization)
    response = director_client.post(
        reverse("admin:leadership_resource_changelist"),
        {"action": "approve", "_selected_action": [waiting.pk]},
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == ResourceStatus.APPROVED


def test_the_dashboard_counts_contributions_waiting_and_links_to_exactly_them(
    director_client, organization
):
    ResourceFactory.create_batch(2, status=ResourceStatus.PENDING, organization=organization)
    ResourceFactory(status=ResourceStatus.APPROVED)
    html = director_client.get(reverse("admin:index")).content.decode()
    assert "contributions waiting for your approval" in html
    url = reverse("admin:leadership_resource_changelist") + "?status__exact=pending"
    assert url in html
    listed = director_client.get(url).context["cl"].result_count
    assert listed == 2


def test_the_director_downloads_a_file_from_the_admin(director_client):
    resource = ResourceFactory(with_file=True, visibility=ResourceVisibility.LEADERSHIP)
    response = director_client.get(reverse("admin:leadership_resource_file", args=[resource.pk]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_the_director_declines_with_a_reason_then_approves_from_the_review_page(
    director_client, organization, primary_contact, django_capture_on_commit_callbacks
):
    waiting = ResourceFactory(
        status=ResourceStatus.PENDING, organization=organization, contributed_by=primary_contact
    )
    change = director_client.get(reverse("admin:leadership_resource_change", args=[waiting.pk]))
    review_url = reverse("admin:leadership_resource_review", args=[waiting.pk])
    assert review_url in change.content.decode()
    assert director_client.get(review_url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = director_client.post(review_url, {"decision": "Decline", "reason": "Dated."})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == ResourceStatus.DECLINED and waiting.decline_reason == "Dated."

    director_client.post(review_url, {"decision": "Approve"})
    waiting.refresh_from_db()
    assert waiting.status == ResourceStatus.APPROVED


def test_the_review_page_is_the_directors_only(client_as, primary_contact, organization):
    waiting = ResourceFactory(status=ResourceStatus.PENDING, organization=organization)
    review_url = reverse("admin:leadership_resource_review", args=[waiting.pk])
    response = client_as(primary_contact).post(review_url, {"decision": "Approve"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    waiting.refresh_from_db()
    assert waiting.status == ResourceStatus.PENDING
