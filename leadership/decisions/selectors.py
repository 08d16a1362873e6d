"""Reads for the decision pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leadership.decisions.services import result_for
from leadership.models import Delegation, Proposal, ProposalKind, Vote
from leadership.permissions import led_organizations, voting_organizations
from partners.models import Application, Membership, OrganizationStatus, Role
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


@dataclass(frozen=True)
class OrganizationVote:
    """What every current member of a partner is told on a proposal: who casts its one vote
    (its executive leaders, and the voting delegate if one is named), whether it has voted,
    and whether the person reading may cast it. Never the choice itself: a vote's choice is
    shown to those who may cast it (their ballot) and, in the count, to the director."""

    organization: Any
    executive_leaders: tuple[str, ...]
    delegate: str
    has_voted: bool
    may_vote: bool
    names_delegate: bool

    @property
    def who_votes(self) -> str:
        """One plain sentence: who casts the organization's vote."""
        leaders = _(" and ").join(self.executive_leaders)
        words = {"leaders": leaders, "delegate": self.delegate}
        if leaders and self.delegate:
            text = ngettext(
                "Its vote is cast by its executive leader, %(leaders)s, or by the voting "
                "delegate named, %(delegate)s.",
                "Its vote is cast by its executive leaders, %(leaders)s, or by the voting "
                "delegate named, %(delegate)s.",
                len(self.executive_leaders),
            )
        elif leaders:
            text = ngettext(
                "Its vote is cast by its executive leader, %(leaders)s; no voting delegate is "
                "named.",
                "Its vote is cast by its executive leaders, %(leaders)s; no voting delegate is "
                "named.",
                len(self.executive_leaders),
            )
        elif self.delegate:
            text = _("Its vote is cast by its voting delegate, %(delegate)s.")
        else:
            text = _(
                "It has no executive leader and no voting delegate at the moment, so nobody can "
                "cast its vote. A primary contact can give someone the executive leader role on "
                "the People page."
            )
        return text % words


def organization_votes(user: Any, proposal: Proposal) -> list[OrganizationVote]:
    """One line per active organization `user` is a current member of, by name; `names_delegate`
    when the user is its executive leader (the delegate page is theirs). Four queries
    (six with the user's own rights) whatever the number of organizations, members
    and votes."""
    if not getattr(user, "is_authenticated", False):
        return []
    memberships = list(
        Membership.objects.current()
        .filter(user=user, organization__status=OrganizationStatus.ACTIVE)
        .select_related("organization")
        .order_by("organization__name")
    )
    organizations = [m.organization for m in memberships]
    if not organizations:
        return []
    leaders: dict[int, list[str]] = {}
    for membership in (
        Membership.objects.current()
        .filter(organization__in=organizations, role=Role.EXECUTIVE_LEADER)
        .select_related("user")
        .order_by("started_on", "pk")
    ):
        leaders.setdefault(membership.organization_id, []).append(membership.user.get_full_name())
    delegates = {
        d.organization_id: d.user.get_full_name()
        for d in Delegation.objects.current()
        .filter(organization__in=organizations)
        .select_related("user")
    }
    voted = set(
        Vote.objects.filter(proposal=proposal, organization__in=organizations).values_list(
            "organization_id", flat=True
        )
    )
    voters = {o.pk for o in voting_organizations(user)}
    led = {o.pk for o in led_organizations(user).filter(pk__in=[o.pk for o in organizations])}
    return [
        OrganizationVote(
            organization=organization,
            executive_leaders=tuple(leaders.get(organization.pk, ())),
            delegate=delegates.get(organization.pk, ""),
            has_voted=organization.pk in voted,
            may_vote=organization.pk in voters,
            names_delegate=organization.pk in led,
        )
        for organization in organizations
    ]
