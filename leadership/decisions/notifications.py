"""E-mails about decisions: when a proposal opens, and a day before it closes if an organization
has not voted. The "decisions" kind of the reminder engine (cate_portal.reminders): each notice
about a proposal to an organization is sent once, ever, held by SentReminder's unique key; safe
to run from cron as often as you like, also from two hosts at once.

Recipients are the people who may cast the organization's vote: its current executive leaders
and its current voting delegate, in one message so they see who else was asked. Before the
notices, a run settles the proposals that have closed (not on a dry run).
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterator

from django.utils import timezone

from cate_portal.notifications import Outcome, absolute_url
from cate_portal.reminders import ONCE, Reminder, ReminderKind, send_due, subject_key
from leadership.decisions.services import settle_closed_proposals
from leadership.models import Delegation, Proposal, Vote
from partners.models import Membership, Organization, Role

#: Organizations that have not voted are warned once when the close is this near.
WARN_BEFORE_CLOSING = datetime.timedelta(days=1)
#: Each notice about a proposal goes to an organization once and never again.
NOTIFY_ABOUT_A_PROPOSAL = ONCE


class Notice(enum.StrEnum):
    """Which notice about a proposal: the last part of its reminder key, and its template."""

    OPENED = "opened"
    CLOSING = "closing"


def voter_emails(organization: Organization) -> list[str]:
    """The executive leaders' and the voting delegate's addresses: current people whose account
    is active (a deactivated account gets no e-mail)."""
    people = Membership.objects.current().filter(organization=organization, user__is_active=True)
    leaders = people.filter(role=Role.EXECUTIVE_LEADER).values_list("user__email", flat=True)
    delegates = (
        Delegation.objects.current()
        .filter(organization=organization, user__in=people.values("user_id"))
        .values_list("user__email", flat=True)
    )
    return sorted(set(leaders) | set(delegates))


def _notice(*, proposal: Proposal, organization: Organization, notice: Notice) -> Reminder:
    subject = (
        f"Vote open: {proposal.title}"
        if notice == Notice.OPENED
        else f"Closing soon, {organization.name} has not voted: {proposal.title}"
    )
    return Reminder(
        key=subject_key(proposal, organization, notice),
        about=f"{notice} “{proposal}” to {organization}",
        recipients=voter_emails(organization),
        subject=subject,
        template=f"emails/decision_{notice}.txt",
        context={
            "proposal": proposal,
            "organization_name": organization.name,
            "closes_at": timezone.localtime(proposal.closes_at),
            "link": absolute_url(proposal.get_absolute_url()),
        },
    )


def decision_notices(now: datetime.datetime) -> Iterator[Reminder]:
    """For every open proposal: "opened" to each active partner, and "closing" to those that
    have not voted once it closes within WARN_BEFORE_CLOSING."""
    active = Organization.objects.active().order_by("name")
    for proposal in Proposal.objects.open(now).order_by("closes_at"):
        for organization in active:
            yield _notice(proposal=proposal, organization=organization, notice=Notice.OPENED)
        if proposal.closes_at - now <= WARN_BEFORE_CLOSING:
            not_voted = active.exclude(
                pk__in=Vote.objects.filter(proposal=proposal).values("organization_id")
            )
            for organization in not_voted:
                yield _notice(proposal=proposal, organization=organization, notice=Notice.CLOSING)


DECISIONS = ReminderKind(
    name="decisions",
    every=NOTIFY_ABOUT_A_PROPOSAL,
    due=decision_notices,
    no_recipients="no executive leader or delegate",
    one_message_each=False,
    prepare=settle_closed_proposals,
)


def send_decision_notices(
    *, now: datetime.datetime | None = None, dry_run: bool = False
) -> Outcome:
    """What `send_decision_notices` runs: the "decisions" kind alone."""
    return send_due(DECISIONS, now=now, dry_run=dry_run)
