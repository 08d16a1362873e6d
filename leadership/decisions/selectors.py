"""Reads for the decision pages."""

from __future__ import annotations

from dataclasses import dataclass

from leadership.models import Proposal, ProposalKind
from partners.models import Application


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
