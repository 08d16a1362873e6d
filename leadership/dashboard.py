"""What the leadership app adds to the portal dashboard: `leadership_tasks_for(user)`, handed
to the partners dashboard through partners.signals.dashboard_items_requested."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leadership.decisions.selectors import proposals_awaiting_confirmation
from leadership.decisions.services import settle_closed_proposals
from leadership.seats.selectors import terms_ending_soon, vacant_seats
from partners.signals import DashboardItem
from partners.visibility import viewer_for

from .models import Delegation, Proposal, ProposalKind, Vote
from .permissions import led_organizations, may_see_decisions, voting_organizations


def _director_items() -> list[DashboardItem]:
    items = []
    for term in terms_ending_soon():
        items.append(
            DashboardItem(
                text=f"{term.holder_name}'s term in “{term.seat}” ends on "
                f"{date_format(term.ended_on)}.",
                url=reverse("admin:leadership_seat_change", args=[term.seat_id]),
                link_text="Plan the next term",
                kind="term",
            )
        )
    for seat in vacant_seats():
        items.append(
            DashboardItem(
                text=f"The seat “{seat}” is vacant.",
                url=reverse("admin:leadership_seat_change", args=[seat.pk]),
                link_text="Fill the seat",
                kind="vacancy",
            )
        )
    settle_closed_proposals()  # one query when there is nothing to settle
    # Passed proposals waiting for the director (one query).
    waiting = proposals_awaiting_confirmation()
    for proposal in waiting:
        if proposal.kind == ProposalKind.ADOPT_VALUES:
            items.append(
                DashboardItem(
                    text=f"“{proposal}” passed: confirm the adoption of the values version.",
                    url=reverse("admin:leadership_proposal_change", args=[proposal.pk]),
                    link_text="Confirm the adoption",
                    kind="adoption",
                )
            )
        else:
            items.append(
                DashboardItem(
                    text=f"“{proposal}” passed: approve the application of "
                    f"{proposal.application.organization_name} "
                    f"({proposal.application.reference}).",
                    url=reverse("admin:leadership_proposal_change", args=[proposal.pk]),
                    link_text="Approve the application",
                    kind="admission",
                )
            )
    return items


def _voter_items(user: Any, organizations: list) -> list[DashboardItem]:
    now = timezone.now()
    open_proposals = list(Proposal.objects.open(now).order_by("closes_at"))
    voted = set(
        Vote.objects.filter(
            proposal__in=open_proposals, organization__in=organizations
        ).values_list("proposal_id", "organization_id")
    )
    items = []
    for proposal in open_proposals:
        for organization in organizations:
            if (proposal.pk, organization.pk) in voted:
                continue
            items.append(
                DashboardItem(
                    text=f"Vote for {organization} on “{proposal}” by "
                    f"{date_format(timezone.localtime(proposal.closes_at), 'DATETIME_FORMAT')}.",
                    url=proposal.get_absolute_url(),
                    link_text="Vote",
                    kind="vote",
                )
            )
    return items


def _delegate_items(user: Any) -> list[DashboardItem]:
    """For an executive leader: who casts each led organization's vote, and the delegate page.
    Two queries whatever the number of organizations."""
    led = list(led_organizations(user).order_by("name"))
    if not led:
        return []
    delegates = {
        d.organization_id: d.user.get_full_name()
        for d in Delegation.objects.current().filter(organization__in=led).select_related("user")
    }
    items = []
    for organization in led:
        delegate = delegates.get(organization.pk)
        if delegate:
            text = _("%(delegate)s is the voting delegate of %(organization)s; you can vote too.")
        else:
            text = _("You cast the vote of %(organization)s: no voting delegate is named.")
        items.append(
            DashboardItem(
                text=text % {"delegate": delegate, "organization": organization},
                url=reverse("leadership:delegate", args=[organization.slug]),
                link_text=_("Name or change the voting delegate"),
                kind="delegate",
            )
        )
    return items


def leadership_tasks_for(user: Any, *, staff: bool | None = None) -> list[DashboardItem]:
    """Dashboard items: for the director, terms ending within 60 days, vacant seats, and passed
    proposals to confirm (values adoptions, admissions of an organization); for a voter, open
    proposals their organization has not voted on; for an executive leader, the voting delegate
    page of each organization they lead; for any other partner, a pointer to the open
    proposals.

    `staff`: on a page, whether the request has staff clearance (two-factor sign-in, issue 10
    rule 9); None outside a request, where `user.is_staff` decides.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if staff is None:
        staff = bool(user.is_staff)
    items: list[DashboardItem] = []
    if staff:
        items += _director_items()
    organizations = list(voting_organizations(user))
    if organizations:
        items += _voter_items(user, organizations)
    elif not staff and may_see_decisions(replace(viewer_for(user), is_staff=False)):
        # People who cannot vote (staff of a partner) are pointed to the open proposals.
        count = Proposal.objects.open().count()
        if count:
            items.append(
                DashboardItem(
                    text=f"{count} proposal{'s' if count != 1 else ''} open for a vote.",
                    url=reverse("leadership:decision-list"),
                    link_text="See the decisions",
                    kind="decision",
                )
            )
    return items + _delegate_items(user)
