"""The public application form /apply/, its confirmation, and the private status page."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.applications.views import RATE_LIMIT
from partners.models import Application, ApplicationStatus, ApplicationTransition
from tests.factories import (
    ApplicationFactory,
    OrganizationFactory,
    adopted_version,
    application_form_data,
    give_status_token,
)

pytestmark = pytest.mark.django_db

APPLY = "/apply/"
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Runs what a block leaves for the commit (the e-mails), as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def send(client, commit):
    def post(data=None, **overrides):
        with commit():
            return client.post(
                APPLY, data if data is not None else application_form_data(**overrides)
            )

    return post


def status_link_from(message) -> str:
    match = re.search(r"https?://[^/\s]+(/apply/status/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


# --- The page ------------------------------------------------------------------------------


def test_apply_page_explains_the_three_commitments_and_shows_the_current_values(client):
    version = adopted_version(values=[("Survivor-led", "Survivors shape our work.")])
    response = client.get(APPLY)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anti-trafficking interventions are an organizational priority" in html
    assert "adheres to the coalition's shared values" in html
    assert "shares responsibility and resources" in html
    assert "Survivor-led" in html and version.label in html
    assert f'name="values_version" value="{version.pk}"' in html


def test_apply_page_says_the_values_are_being_updated_when_none_is_adopted(client):
    response = client.get(APPLY)
    assert response.status_code == 200
    assert "shared values are being updated" in response.content.decode()


# --- Sending -------------------------------------------------------------------------------


def test_a_complete_application_is_stored_with_a_reference_and_confirmed(send, client):
    version = adopted_version()
    response = send()
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:sent")
    assert re.fullmatch(r"CATE-\d{4}-0001", application.reference)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.values_version == version
    assert application.organization_name == "Northland Survivor Network"
    assert application.counties.count() == 2
    assert not application.is_flagged
    transition = application.transitions.get()
    assert (transition.from_status, transition.to_status, transition.by_applicant) == (
        "",
        ApplicationStatus.SUBMITTED,
        True,
    )
    confirmation = client.get(response["Location"])
    assert application.reference in confirmation.content.decode()


def test_the_sent_page_says_what_happens_next_including_a_vote(send, client):
    adopted_version()
    confirmation = client.get(send()["Location"]).content.decode()
    assert "What happens next" in confirmation
    assert "usually starting within 2 weeks" in confirmation
    assert "vote on admitting your organization" in confirmation
    assert "the link works for 7 days" in confirmation


def test_the_sent_page_opened_directly_goes_to_the_form(client):
    response = client.get(reverse("applications:sent"))
    assert response.status_code == 302
    assert response["Location"] == APPLY


def test_references_are_sequential_within_the_year(send, client):
    send()
    send(organization_name="Second Org", contact_email="second@example.org")
    numbers = sorted(Application.objects.values_list("reference", flat=True))
    assert [n[-4:] for n in numbers] == ["0001", "0002"]
    assert numbers[0][:9] == numbers[1][:9]


def test_applicant_gets_a_private_status_link_and_the_coalition_is_notified(send, client, settings):
    settings.COALITION_EMAIL = "director@cate.example.org"
    send()
    application = Application.objects.get()
    to_applicant = [m for m in mail.outbox if m.to == ["robin@northland.example.org"]]
    to_coalition = [m for m in mail.outbox if m.to == ["director@cate.example.org"]]
    assert len(to_applicant) == 1 and len(to_coalition) == 1
    assert application.reference in to_applicant[0].subject
    link = status_link_from(to_applicant[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 40
    assert token not in application.status_token_hash  # only a hash is stored
    assert "/admin/partners/application/" in to_coalition[0].body
    page = client.get(link)
    assert page.status_code == 200
    assert application.reference in page.content.decode()
    assert "Submitted" in page.content.decode()


def test_the_values_version_shown_must_be_the_current_one(send, client):
    old = adopted_version()
    adopted_version()  # a new version was adopted while the form was open
    response = send(values_version=str(old.pk))
    assert response.status_code == 200
    assert Application.objects.count() == 0
    assert "shared values were updated" in response.content.decode()


def test_a_tampered_values_version_is_refused(send, client):
    adopted_version()
    response = send(values_version="999999")
    assert response.status_code == 200
    assert Application.objects.count() == 0


# --- Errors ----------------------------------------------------------------------------------


def test_errors_are_listed_at_the_top_linked_to_fields_and_what_was_typed_is_kept(send, client):
    response = send(contact_email="not-an-address", commits_sharing=None, sharing_how="")
    html = response.content.decode()
    assert response.status_code == 200
    assert Application.objects.count() == 0
    assert 'id="error-summary"' in html
    summary = html[
        html.index('id="error-summary"') : html.index("</ul>", html.index("error-summary"))
    ]
    assert 'href="#id_contact_email"' in summary
    assert 'href="#id_commits_sharing"' in summary
    assert 'href="#id_sharing_how"' in summary
    # Kept: what was typed, including the wrong address.
    assert 'value="not-an-address"' in html
    assert 'value="Northland Survivor Network"' in html
    assert "Two full-time advocates." in html
    # Beside the field too.
    assert html.count("Enter the contact person&#x27;s e-mail address in the right format") >= 2


def test_counties_or_statewide_is_required(send, client):
    response = send(counties=[])
    assert response.status_code == 200
    assert "Serves all of Missouri" in response.content.decode()
    assert Application.objects.count() == 0
    assert send(counties=[], statewide="on").status_code == 302


@pytest.mark.parametrize("field", ["sector", "counties", "services", "populations"])
def test_an_out_of_range_choice_is_an_error_not_a_500(send, field):
    huge = "9223372036854775808"
    response = send(**{field: huge if field == "sector" else [huge]})
    assert response.status_code == 200
    assert "from the list" in response.content.decode()
    assert Application.objects.count() == 0


def test_a_foreign_phone_number_is_refused(send, client):
    response = send(contact_phone="+44 20 7946 0958")
    assert response.status_code == 200
    assert "as a U.S. phone number with its area code" in response.content.decode()


# --- Spam and the rate limit ----------------------------------------------------------------


def test_honeypot_answers_like_a_success_but_stores_and_sends_nothing(send, client):
    response = send(fax="buy now")
    assert response.status_code == 302
    assert Application.objects.count() == 0
    assert mail.outbox == []
    # The thank-you page itself answers as for a person (no redirect back to the form).
    assert client.get(response["Location"]).status_code == 200


def test_rate_limit_per_address_answers_429_with_the_form_and_a_clear_message(send, client):
    for n in range(RATE_LIMIT):
        response = send(organization_name=f"Org {n}", contact_email=f"c{n}@example.org")
        assert response.status_code == 302
    response = send(organization_name="One too many", contact_email="last@example.org")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many applications" in html
    assert 'value="One too many"' in html
    assert Application.objects.count() == RATE_LIMIT


def test_rate_limit_per_contact_email_across_addresses(client):
    for n in range(RATE_LIMIT):
        response = client.post(
            APPLY,
            application_form_data(organization_name=f"Org {n}"),
            REMOTE_ADDR=f"198.51.100.{n + 1}",
        )
        assert response.status_code == 302
    response = client.post(
        APPLY, application_form_data(organization_name="Again"), REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 429
    assert Application.objects.count() == RATE_LIMIT


def test_another_address_is_not_limited_by_someone_elses_submissions(send, client):
    for n in range(RATE_LIMIT):
        send(organization_name=f"Org {n}", contact_email=f"c{n}@example.org")
    response = client.post(
        APPLY,
        application_form_data(organization_name="Elsewhere", contact_email="e@example.org"),
        REMOTE_ADDR="203.0.113.50",
    )
    assert response.status_code == 302


# --- Duplicates ------------------------------------------------------------------------------


def test_a_name_matching_an_existing_partner_is_accepted_and_flagged(send, client):
    OrganizationFactory(name="Northland Survivor Network")
    response = send(organization_name="  northland SURVIVOR network ")
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.is_flagged
    assert "existing organization" in application.flag_reason
    assert any("[flagged]" in m.subject for m in mail.outbox)


def test_a_name_matching_an_open_application_is_flagged_but_not_a_closed_one(send, client):
    open_one = ApplicationFactory(organization_name="Northland Survivor Network")
    ApplicationFactory(organization_name="Declined Org", status=ApplicationStatus.DECLINED)
    send()
    send(organization_name="declined org", contact_email="x@example.org")
    flagged = Application.objects.get(
        organization_name="Northland Survivor Network", pk__gt=open_one.pk
    )
    assert flagged.is_flagged and open_one.reference in flagged.flag_reason
    assert not Application.objects.get(organization_name="declined org").is_flagged


# --- The supporting document ---------------------------------------------------------------


def test_a_pdf_is_stored_privately_under_a_random_name(client, settings):
    data = application_form_data()
    data["supporting_document"] = SimpleUploadedFile(
        "report.pdf", PDF, content_type="application/pdf"
    )
    response = client.post(APPLY, data)
    assert response.status_code == 302
    document = Application.objects.get().supporting_document
    assert document.name.startswith("applications/") and "report" not in document.name
    assert document.path.startswith(str(settings.PRIVATE_MEDIA_ROOT) + "/")
    assert not document.path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(NotImplementedError):
        document.url  # noqa: B018 - no public URL exists


@pytest.mark.parametrize(
    "name, content",
    [
        ("image.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100),
        ("page.pdf", b"<html><script>alert(1)</script></html>" + b" " * 50),
        ("truncated.pdf", PDF[:40]),
        ("empty.pdf", b""),
    ],
)
def test_a_file_that_is_not_a_pdf_by_content_is_refused(client, name, content):
    data = application_form_data()
    data["supporting_document"] = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post(APPLY, data)
    assert response.status_code == 200
    assert Application.objects.count() == 0
    assert "supporting document" in response.content.decode().lower()


def test_a_pdf_over_5_mb_is_refused(client):
    big = PDF[:-7] + b"0" * (5 * 1024 * 1024) + b"\n%%EOF\n"
    data = application_form_data()
    data["supporting_document"] = SimpleUploadedFile("big.pdf", big, content_type="application/pdf")
    response = client.post(APPLY, data)
    assert response.status_code == 200
    assert "at most 5" in response.content.decode()
    assert Application.objects.count() == 0


# --- The status page -----------------------------------------------------------------------


def test_a_wrong_or_overlong_token_is_404(client):
    application = ApplicationFactory()
    give_status_token(application)
    assert client.get("/apply/status/not-the-token/").status_code == 404
    assert client.get("/apply/status/" + "x" * 500 + "/").status_code == 404
    assert client.post("/apply/status/not-the-token/", {"action": "withdraw"}).status_code == 404


def test_the_status_page_does_not_show_the_directors_notes(client, director):
    from partners.applications.services import start_review

    application = ApplicationFactory()
    token = give_status_token(application)
    start_review(application=application, acting_user=director, note="SECRET-INTERNAL-NOTE")
    html = client.get(f"/apply/status/{token}/").content.decode()
    assert "In review" in html
    assert "SECRET-INTERNAL-NOTE" not in html


def test_the_applicant_withdraws_through_the_status_link(client, settings, commit):
    settings.COALITION_EMAIL = "director@cate.example.org"
    application = ApplicationFactory()
    token = give_status_token(application)
    with commit():
        response = client.post(
            f"/apply/status/{token}/", {"action": "withdraw", "note": "We merged.\x00"}
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    transition = application.transitions.get()
    assert transition.by_applicant and transition.by_user is None
    assert transition.note == "We merged."
    assert [m.to for m in mail.outbox] == [["director@cate.example.org"]]
    page = client.get(f"/apply/status/{token}/").content.decode()
    assert "Withdraw the application</button>" not in page


def test_the_withdraw_form_follows_the_form_conventions(client):
    application = ApplicationFactory()
    token = give_status_token(application)
    html = client.get(f"/apply/status/{token}/").content.decode()
    assert 'for="id_note"' in html
    assert "Reason (optional)" in html
    assert "asteriskField" not in html


def test_an_overlong_withdrawal_reason_is_refused_with_its_message_and_kept(client):
    application = ApplicationFactory()
    token = give_status_token(application)
    typed = "We merged with another agency. " * 70  # 2,170 characters

    response = client.post(f"/apply/status/{token}/", {"action": "withdraw", "note": typed})

    # Before, the reason was cut at 2,000 characters without a word and the application
    # withdrawn; now nothing happens until the applicant shortens it.
    assert response.status_code == 200
    html = response.content.decode()
    summary = html[
        html.index('id="error-summary"') : html.index("</ul>", html.index("error-summary"))
    ]
    assert "The reason must be 2000 characters or fewer" in summary
    assert 'href="#id_note"' in summary
    assert typed.strip() in html
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert ApplicationTransition.objects.count() == 0


def test_withdrawing_an_approved_application_is_refused_with_a_message(client):
    organization = OrganizationFactory()
    application = ApplicationFactory(status=ApplicationStatus.APPROVED, organization=organization)
    token = give_status_token(application)
    response = client.post(f"/apply/status/{token}/", {"action": "withdraw"}, follow=True)
    assert response.status_code == 200
    assert "cannot be withdrawn" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert ApplicationTransition.objects.count() == 0
