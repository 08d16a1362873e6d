"""The director's review in admin: counts, the application in full, the buttons, the document."""

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse

from partners.models import Application, ApplicationStatus, Organization
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def change_url(application):
    return reverse("admin:partners_application_change", args=[application.pk])


def test_the_list_shows_counts_per_status_and_filters(director_client):
    ApplicationFactory.create_batch(2)
    ApplicationFactory(status=ApplicationStatus.DECLINED, organization_name="Said No")
    response = director_client.get(reverse("admin:partners_application_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="application-status-counts"' in html
    assert "Submitted</a>: <strong>2</strong>" in html
    assert "Declined</a>: <strong>1</strong>" in html
    filtered = director_client.get(
        reverse("admin:partners_application_changelist") + "?status__exact=declined"
    )
    assert "Said No" in filtered.content.decode()
    assert "Applicant Organization" not in filtered.content.decode()


def test_the_application_is_shown_in_full_with_flags_and_history(director_client, director):
    from partners.applications.services import start_review

    application = ApplicationFactory(
        is_flagged=True, flag_reason="The name matches the existing organization X."
    )
    start_review(application=application, acting_user=director, note="Checking references.")
    html = director_client.get(change_url(application)).content.decode()
    assert application.reference in html
    assert application.contact_email in html
    assert "The name matches the existing organization X." in html
    assert "Checking references." in html
    assert reverse("admin:partners_application_approve", args=[application.pk]) in html
    assert reverse("admin:partners_application_decline", args=[application.pk]) in html


def test_the_approve_button_confirms_then_approves_by_post(director_client):
    application = ApplicationFactory(organization_name="Button Org")
    url = reverse("admin:partners_application_approve", args=[application.pk])
    page = director_client.get(url)
    assert page.status_code == 200 and "csrfmiddlewaretoken" in page.content.decode()
    assert Organization.objects.count() == 0  # a GET changes nothing
    response = director_client.post(url, {"note": "Welcome aboard."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.organization.name == "Button Org"
    # A second click: refused with a message, still one organization.
    again = director_client.post(url, {"note": ""}, follow=True)
    assert "cannot be approved" in again.content.decode()
    assert Organization.objects.filter(name="Button Org").count() == 1


def test_the_decline_button_declines_and_emails_the_reason(
    director_client, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()
    url = reverse("admin:partners_application_decline", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        director_client.post(url, {"note": "Not in Missouri."})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert any("Not in Missouri." in m.body for m in mail.outbox)
    # No more buttons on a closed application.
    html = director_client.get(change_url(application)).content.decode()
    assert reverse("admin:partners_application_approve", args=[application.pk]) not in html


def test_review_buttons_need_staff(client):
    application = ApplicationFactory()
    partner = UserFactory()
    client.force_login(partner)
    url = reverse("admin:partners_application_approve", args=[application.pk])
    response = client.post(url)
    assert response.status_code == 302 and "/login" in response["Location"]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_applications_cannot_be_added_or_deleted_in_admin(director_client):
    application = ApplicationFactory()
    assert director_client.get(reverse("admin:partners_application_add")).status_code == 403
    delete = reverse("admin:partners_application_delete", args=[application.pk])
    assert director_client.post(delete, {"post": "yes"}).status_code == 403
    assert Application.objects.filter(pk=application.pk).exists()


@pytest.fixture
def with_document():
    application = ApplicationFactory()
    application.supporting_document.save("x.pdf", ContentFile(PDF), save=True)
    return application


def test_the_director_downloads_the_document(director_client, with_document):
    html = director_client.get(change_url(with_document)).content.decode()
    url = reverse("admin:partners_application_document", args=[with_document.pk])
    assert url in html
    response = director_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_nobody_else_downloads_the_document(client, with_document):
    url = reverse("admin:partners_application_document", args=[with_document.pk])
    assert client.get(url).status_code == 302  # anonymous: to sign-in
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response["Location"]
    # No public URL reaches the file either.
    name = with_document.supporting_document.name
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get(f"/media/private/{name}").status_code == 404


def test_a_staff_member_without_the_view_permission_cannot_download(client, with_document):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tests.conftest import sign_in_with_second_factor

    staff = UserFactory(is_staff=True)
    TOTP.activate(staff, generate_totp_secret())
    sign_in_with_second_factor(client, staff)
    url = reverse("admin:partners_application_document", args=[with_document.pk])
    assert client.get(url).status_code == 403
