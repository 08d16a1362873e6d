"""Leadership's panels on the director's dashboard (cate_portal.admin_dashboard), registered
from LeadershipConfig.ready(): proposals waiting for the director, terms ending, and the open
decisions with their turnout. Fixed queries; each figure links to exactly its records."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from cate_portal.admin_dashboard import STATE, TODO, Figure, Panel, Row, changelist_url, register
from leadership.decisions.selectors import proposals_awaiting_confirmation
from leadership.decisions.services import settle_closed_proposals
from leadership.models import Proposal, Resource
from leadership.seats.selectors import DASHBOARD_ENDING_DAYS, terms_ending_soon
from partners.models import Organization, OrganizationStatus


def leadership_tasks(request) -> Panel:
    settle_closed_proposals()  # one query when there is nothing to settle
    waiting = len(proposals_awaiting_confirmation())
    ending = terms_ending_soon(days=DASHBOARD_ENDING_DAYS).count()
    return Panel(
        section=TODO,
        title="Leadership",
        figures=[
            Figure(
                "proposals waiting for your confirmation",
                waiting,
                changelist_url("leadership", "proposal", state="awaiting-confirmation"),
            ),
            Figure(
                f"terms ending within {DASHBOARD_ENDING_DAYS} days",
                ending,
                changelist_url("leadership", "term", ending=str(DASHBOARD_ENDING_DAYS)),
            ),
        ],
    )


def open_decisions(request) -> Panel:
    """Each open proposal with its turnout so far: votes cast of the eligible partners (active
    partners, plus any organization that voted while active). Two queries."""
    now = timezone.now()
    proposals = list(
        Proposal.objects.open(now)
        .annotate(
            votes_cast=Count("votes"),
            inactive_voters=Count(
                "votes", filter=~Q(votes__organization__status=OrganizationStatus.ACTIVE)
            ),
        )
        .order_by("closes_at", "pk")
    )
    active = Organization.objects.active().count() if proposals else 0
    rows = []
    for proposal in proposals:
        eligible = active + proposal.inactive_voters
        share = f"{proposal.votes_cast * 100 / eligible:.0f}%" if eligible else "n/a"
        rows.append(
            Row(
                cells=(
                    proposal.title,
                    date_format(timezone.localtime(proposal.closes_at).date()),
                    f"{proposal.votes_cast} of {eligible} ({share})",
                ),
                url=reverse("admin:leadership_proposal_change", args=[proposal.pk]),
            )
        )
    return Panel(
        section=STATE,
        title="Open decisions",
        figures=[
            Figure(
                "open decisions",
                len(proposals),
                changelist_url("leadership", "proposal", state="open"),
            )
        ],
        headings=("Proposal", "Closes", "Turnout so far"),
        rows=rows,
    )


def resources_waiting(request) -> Panel:
    """Resources partners contributed that wait for the director's approval. One query."""
    return Panel(
        section=TODO,
        title="Resources",
        figures=[
            Figure(
                "contributions waiting for your approval",
                Resource.objects.pending().count(),
                changelist_url("leadership", "resource", status__exact="pending"),
            )
        ],
    )


def register_panels() -> None:
    register(leadership_tasks, order=20)
    register(resources_waiting, order=25)
    register(open_decisions, order=130)
