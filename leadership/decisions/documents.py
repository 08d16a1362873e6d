"""Documents of proposals: PDFs the Coalition Director attaches for the partners to read before
they vote. Seen by whoever may see the decisions; served only through the decision-document
view (leadership.decisions.views), never by a URL of their own.

The admin's proposal form and the demo data call these functions. A document can be attached
until voting closes (a late one is listed with the day it was added, and its history keeps who
added it) and removed only before voting opens: once partners vote, what they were shown stays.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cate_portal.actors import record_actor, require_staff
from cate_portal.private_files import PDF_ONLY, check_upload, private_upload_path
from leadership.models import Proposal, ProposalDocument

FOLDER = "proposals"
CLOSED_MESSAGE = "Voting on this proposal has closed: no document can be attached any more."
OPENED_MESSAGE = "Voting on this proposal has opened: its documents stay as the partners saw them."


@transaction.atomic
def attach_proposal_document(
    *, proposal: Proposal, title: str, upload, acting_user: Any
) -> ProposalDocument:
    """Stores `upload` (a Django UploadedFile or File; a PDF by its content, within
    settings.PRIVATE_UPLOAD_MAX_BYTES) as a document of `proposal`.

    Raises PermissionDenied for anyone but staff (or the system), ValidationError (on "file")
    for a file that is not a PDF, and ValidationError once voting has closed.
    """
    require_staff(acting_user, action="attach documents to proposals")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.is_closed():
        raise ValidationError(CLOSED_MESSAGE, code="closed")
    try:
        kind = check_upload(upload, allowed=PDF_ONLY, subject="The document")
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from error
    upload.seek(0)
    content = upload.read()
    document = ProposalDocument(
        proposal=proposal,
        title=title,
        uploaded_by=acting_user,
        uploaded_at=timezone.now(),
        file_size=len(content),
    )
    document.file.save(private_upload_path(FOLDER, kind), ContentFile(content), save=False)
    document.full_clean()
    record_actor(document, acting_user)
    document.save()
    return document


@transaction.atomic
def remove_proposal_document(*, document: ProposalDocument, acting_user: Any) -> None:
    """Deletes a document and its file, before voting opens only.

    Raises PermissionDenied for anyone but staff, ValidationError once voting has opened.
    """
    require_staff(acting_user, action="remove documents of proposals")
    proposal = Proposal.objects.select_for_update().get(pk=document.proposal_id)
    if proposal.opens_at <= timezone.now():
        raise ValidationError(OPENED_MESSAGE, code="opened")
    name, storage = document.file.name, document.file.storage
    record_actor(document, acting_user)
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
