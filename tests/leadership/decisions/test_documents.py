"""Documents of proposals: attached by the director (through the admin and its service), served
only to those who may see the decisions, as attachments with nosniff."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cate_portal.private_files import private_storage
from leadership.decisions import documents
from leadership.models import ProposalDocument
from tests.sample_files import PDF, ooxml

pytestmark = pytest.mark.django_db


def pdf(content=PDF):
    return ContentFile(content, name="plan.pdf")


@pytest.fixture
def document(upcoming_proposal, director):
    return documents.attach_proposal_document(
        proposal=upcoming_proposal, title="Strategic plan 2026", upload=pdf(), acting_user=director
    )


# --- The service ---------------------------------------------------------------------------------


def test_the_director_attaches_a_pdf_stored_privately(document, director, settings):
    assert document.file.name.startswith("proposals/") and document.file.name.endswith(".pdf")
    assert document.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert document.file_size == len(PDF)
    assert document.history.get().history_user == director


def test_only_staff_attach_or_remove(upcoming_proposal, primary_contact, document):
    with pytest.raises(PermissionDenied):
        documents.attach_proposal_document(
            proposal=upcoming_proposal, title="x", upload=pdf(), acting_user=primary_contact
        )
    with pytest.raises(PermissionDenied):
        documents.remove_proposal_document(document=document, acting_user=primary_contact)
    assert ProposalDocument.objects.count() == 1


@pytest.mark.parametrize("content", [ooxml(), b"<html><script>alert(1)</script></html>", PDF[:30]])
def test_only_a_pdf_by_its_content_is_attached(upcoming_proposal, director, content):
    with pytest.raises(ValidationError) as error:
        documents.attach_proposal_document(
            proposal=upcoming_proposal, title="x", upload=pdf(content), acting_user=director
        )
    assert error.value.message_dict["file"] == ["The document must be a PDF."]
    assert not ProposalDocument.objects.exists()


def test_nothing_is_attached_once_voting_closed(closed_proposal, director):
    with pytest.raises(ValidationError, match="has closed"):
        documents.attach_proposal_document(
            proposal=closed_proposal, title="x", upload=pdf(), acting_user=director
        )


def test_a_document_is_removed_before_voting_opens_only(
    document, director, django_capture_on_commit_callbacks
):
    name = document.file.name
    proposal = document.proposal
    proposal.opens_at = timezone.now() - datetime.timedelta(minutes=1)
    proposal.save(update_fields=["opens_at"])
    with pytest.raises(ValidationError, match="has opened"):
        documents.remove_proposal_document(document=document, acting_user=director)
    proposal.opens_at = timezone.now() + datetime.timedelta(days=1)
    proposal.save(update_fields=["opens_at"])
    with django_capture_on_commit_callbacks(execute=True):
        documents.remove_proposal_document(document=document, acting_user=director)
    assert not ProposalDocument.objects.exists()
    assert not private_storage().exists(name)


# --- Serving: the decisions' own permission check -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anonymous", 302),  # sign in first
        ("director_without_2fa", 403),  # staff without a second factor are the public here
        ("other_partner", 200),
        ("staff_member", 200),
        ("primary_contact", 200),
        ("director", 200),
    ],
)
def test_a_document_is_served_to_exactly_those_who_see_decisions(
    client_for_viewer, document, name, status
):
    response = client_for_viewer(name).get(document.get_absolute_url())
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
    else:
        assert "Content-Disposition" not in response


def test_someone_signed_in_without_a_partner_is_refused(client_as, user, document):
    assert client_as(user).get(document.get_absolute_url()).status_code == 403


def test_the_download_is_an_attachment_with_nosniff_and_no_caching(
    client_as, other_partner, document
):
    response = client_as(other_partner).get(document.get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Strategic plan 2026.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_a_document_is_found_only_under_its_own_proposal(
    client_as, other_partner, document, open_proposal
):
    url = reverse("leadership:decision-document", args=[open_proposal.pk, document.pk])
    assert client_as(other_partner).get(url).status_code == 404


def test_the_proposal_page_lists_its_documents(client_as, other_partner, document):
    html = client_as(other_partner).get(document.proposal.get_absolute_url()).content.decode()
    assert f'href="{document.get_absolute_url()}"' in html
    assert "Strategic plan 2026" in html


# --- The admin -----------------------------------------------------------------------------------


def inline_data(proposal, **row):
    data = {
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "documents-0-id": "",
        "documents-0-proposal": str(proposal.pk),
        "title": proposal.title,
        "text": proposal.text,
        "kind": proposal.kind,
        "opens_at_0": timezone.localtime(proposal.opens_at).strftime("%Y-%m-%d"),
        "opens_at_1": timezone.localtime(proposal.opens_at).strftime("%H:%M:%S"),
        "closes_at_0": timezone.localtime(proposal.closes_at).strftime("%Y-%m-%d"),
        "closes_at_1": timezone.localtime(proposal.closes_at).strftime("%H:%M:%S"),
        "quorum": str(proposal.quorum),
        "threshold": proposal.threshold,
    }
    data.update({f"documents-0-{key}": value for key, value in row.items()})
    return data


def test_the_director_attaches_a_document_in_the_proposal_admin(director_client, upcoming_proposal):
    url = reverse("admin:leadership_proposal_change", args=[upcoming_proposal.pk])
    data = inline_data(
        upcoming_proposal, title="Budget", upload=SimpleUploadedFile("budget.pdf", PDF)
    )
    response = director_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    document = ProposalDocument.objects.get()
    assert document.title == "Budget" and document.proposal == upcoming_proposal


def test_a_file_that_is_not_a_pdf_is_refused_in_the_admin(director_client, upcoming_proposal):
    url = reverse("admin:leadership_proposal_change", args=[upcoming_proposal.pk])
    data = inline_data(
        upcoming_proposal, title="Budget", upload=SimpleUploadedFile("budget.pdf", ooxml())
    )
    response = director_client.post(url, data)
    assert response.status_code == 200
    assert "The document must be a PDF." in response.content.decode()
    assert not ProposalDocument.objects.exists()


def test_the_admin_shows_stored_documents_and_removes_one_before_voting_opens(
    director_client, document, django_capture_on_commit_callbacks
):
    proposal = document.proposal
    url = reverse("admin:leadership_proposal_change", args=[proposal.pk])
    html = director_client.get(url).content.decode()
    assert f'href="{document.get_absolute_url()}"' in html
    data = inline_data(proposal)
    data.update(
        {
            "documents-INITIAL_FORMS": "1",
            "documents-0-id": str(document.pk),
            "documents-0-DELETE": "on",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = director_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not ProposalDocument.objects.exists()
