"""Reads for the decision pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from leadership.decisions.services import result_for
from leadership.models import Proposal, ProposalKind
from partners.models import Application
from partners.models.applications import OPEN_STATUSES


@dataclass(frozen=True)
class ApplicantProfile:
    """What the decision page shows partners of the organization a proposal would admit.

    Only what the applicant wrote for the organization's directory profile: its name, sector,
    counties served and description. The application also holds the contact person's and the
    executive leader's names, e-mails and phone, which reach the director alone (in the admin):
    copying the four fields here keeps the Application itself out of the page's template.
    """

    organization_name: str
    sector: str
    statewide: bool
    counties: tuple[str, ...]
    description: str


def applicant_profile(proposal: Proposal) -> ApplicantProfile | None:
    """The profile of the organization a proposal to admit names, or None. Two queries at most
    (the application with its sector, then its counties)."""
    if proposal.kind != ProposalKind.ADMIT_ORGANIZATION or proposal.application_id is None:
        return None
    application = Application.objects.select_related("sector").get(pk=proposal.application_id)
    counties = () if application.statewide else tuple(str(a) for a in application.counties.all())
    return ApplicantProfile(
        organization_name=application.organization_name,
        sector=str(application.sector),
        statewide=application.statewide,
        counties=counties,
        description=application.description,
    )


def proposals_awaiting_confirmation() -> list[Proposal]:
    """Passed proposals waiting for the director: adoptions of a values version, and admissions
    whose application can still be approved. Settled (closed) proposals only, read from their
    frozen counts: one query (the caller settles closed proposals first)."""
    waiting = (
        Proposal.objects.closed()
        .filter(settled_at__isnull=False)
        .filter(
            Q(kind=ProposalKind.ADOPT_VALUES, adoption_confirmed_at__isnull=True)
            | Q(
                kind=ProposalKind.ADMIT_ORGANIZATION,
                admission_confirmed_at__isnull=True,
                application__status__in=OPEN_STATUSES,
            )
        )
        .select_related("application")
        .order_by("closes_at", "pk")
    )
    return [proposal for proposal in waiting if result_for(proposal).passed]
