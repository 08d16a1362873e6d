"""The director's confirmation of a passed proposal: adopting a values version, or admitting an
organization (approving its application). Each runs in one transaction with the change it
confirms, and records who confirmed."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from cate_portal.actors import record_actor, require_staff
from leadership.decisions.services import result_for, settle_proposal, when
from leadership.models import Proposal, ProposalKind
from partners.applications.services import approve_application
from partners.values.services import adopt_version


@transaction.atomic
def confirm_adoption(*, proposal: Proposal, acting_user: Any) -> Proposal:
    """The director confirms a passed proposal to adopt a shared values version: it is adopted."""
    require_staff(acting_user, action="confirm a decision")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.kind != ProposalKind.ADOPT_VALUES:
        raise ValidationError("Only a proposal to adopt a values version can be confirmed.")
    if not proposal.is_closed():
        raise ValidationError("The proposal has not closed yet.")
    proposal = settle_proposal(proposal=proposal)
    if not result_for(proposal).passed:
        raise ValidationError("The proposal did not pass, so there is nothing to adopt.")
    if proposal.adoption_confirmed_at is not None:
        raise ValidationError("The adoption was already confirmed.")
    if proposal.values_version is None:
        raise ValidationError("The proposal names no values version to adopt.")
    closed_on = date_format(timezone.localtime(proposal.closes_at), "DATE_FORMAT")
    adopt_version(
        version=proposal.values_version,
        acting_user=acting_user,
        note=f"Adopted by the Collaborative Partners' vote on “{proposal.title}”, closed "
        f"{closed_on}, confirmed by {acting_user}.",
    )
    proposal.adoption_confirmed_at = timezone.now()
    proposal.adoption_confirmed_by = acting_user
    record_actor(proposal, acting_user)
    proposal.save(update_fields=["adoption_confirmed_at", "adoption_confirmed_by"])
    return proposal


ADMISSION_ALREADY_CONFIRMED_MESSAGE = (
    "The admission was already confirmed: application {reference} was approved."
)


APPLICATION_NOT_APPROVABLE_MESSAGE = (
    "Application {reference} is {status}, so it can no longer be approved. Nothing was changed."
)


@transaction.atomic
def confirm_admission(*, proposal: Proposal, acting_user: Any) -> Proposal:
    """The director confirms a passed proposal to admit an organization: its application is
    approved (partners.applications.services.approve_application creates the organization,
    invites its people and gives it its partner seat), in this one transaction.

    The proposal row is locked first, so a second confirmation (double click, two tabs) waits,
    then finds the admission confirmed and is refused: the application is approved once.
    """
    require_staff(acting_user, action="confirm a decision")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.kind != ProposalKind.ADMIT_ORGANIZATION:
        raise ValidationError(
            "Only a proposal to admit an organization can approve an application."
        )
    if proposal.application_id is None:
        raise ValidationError("The proposal names no application to approve.")
    application = proposal.application
    if proposal.admission_confirmed_at is not None:
        raise ValidationError(
            ADMISSION_ALREADY_CONFIRMED_MESSAGE.format(reference=application.reference),
            code="already_confirmed",
        )
    if not proposal.is_closed():
        raise ValidationError(
            f"The proposal closes on {when(proposal.closes_at)}: the application can be approved "
            "once it has closed and passed.",
            code="not_closed",
        )
    proposal = settle_proposal(proposal=proposal)
    if not result_for(proposal).passed:
        raise ValidationError(
            "The proposal did not pass, so the application is not approved.", code="not_passed"
        )
    if not application.can_be_approved:
        raise ValidationError(
            APPLICATION_NOT_APPROVABLE_MESSAGE.format(
                reference=application.reference,
                status=application.get_status_display().lower(),
            ),
            code="not_approvable",
        )
    closed_on = date_format(timezone.localtime(proposal.closes_at), "DATE_FORMAT")
    # approve_application locks the application row and checks its status again, so an approval
    # made meanwhile in the applications admin still leads to a refusal, never a second partner.
    approve_application(
        application=application,
        acting_user=acting_user,
        note=f"Approved by the Collaborative Partners' vote on “{proposal.title}”, closed "
        f"{closed_on}, confirmed by {acting_user}.",
    )
    proposal.admission_confirmed_at = timezone.now()
    proposal.admission_confirmed_by = acting_user
    record_actor(proposal, acting_user)
    proposal.save(update_fields=["admission_confirmed_at", "admission_confirmed_by"])
    return proposal
