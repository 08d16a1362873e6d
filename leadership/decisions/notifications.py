"""E-mails about decisions: when a proposal opens, and a day before it closes if an organization
has not voted. Safe to run from cron as often as you like: each (proposal, organization, kind)
is sent at most once, held by DecisionNotice's unique constraint.

Recipients are the people who may cast the organization's vote: its current executive leaders
and its current voting delegate. `send_decision_notices` is what the management command runs;
`decision_reminders` has the signature of partners' `send_reminders` REMINDERS entries.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from cate_portal.notifications import Outcome, absolute_url, send_email_on_commit
from leadership.decisions.services import settle_closed_proposals
from leadership.models import DecisionNotice, Delegation, Proposal, Vote
from partners.models import Membership, Organization, Role

CLOSING_WINDOW = datetime.timedelta(days=1)


def voter_emails(organization: Organization) -> list[str]:
    """The executive leaders' and the voting delegate's addresses (current people only)."""
    people = Membership.objects.current().filter(organization=organization)
    leaders = people.filter(role=Role.EXECUTIVE_LEADER).values_list("user__email", flat=True)
    delegates = (
        Delegation.objects.current()
        .filter(organization=organization, user__in=people.values("user_id"))
        .values_list("user__email", flat=True)
    )
    return sorted(set(leaders) | set(delegates))


def _send_notice(
    *, proposal: Proposal, organization: Organization, kind: str, recipients: list[str]
) -> bool:
    """Records the notice and sends it once the transaction commits; False if already sent."""
    try:
        with transaction.atomic():
            DecisionNotice.objects.create(
                proposal=proposal,
                organization=organization,
                kind=kind,
                recipients="\n".join(recipients),
            )
            subject = (
                f"Vote open: {proposal.title}"
                if kind == DecisionNotice.Kind.OPENED
                else f"Closing soon, {organization.name} has not voted: {proposal.title}"
            )
            send_email_on_commit(
                subject=subject,
                template=f"emails/decision_{kind}.txt",
                context={
                    "proposal": proposal,
                    "organization_name": organization.name,
                    "closes_at": timezone.localtime(proposal.closes_at),
                    "link": absolute_url(proposal.get_absolute_url()),
                },
                to=recipients,
            )
    except IntegrityError:
        return False  # another run sent it a moment ago
    return True


def _notify(
    *, proposal: Proposal, organizations, kind: str, dry_run: bool, outcome: Outcome
) -> None:
    already = set(
        DecisionNotice.objects.filter(proposal=proposal, kind=kind).values_list(
            "organization_id", flat=True
        )
    )
    for organization in organizations:
        if organization.pk in already:
            outcome.skipped += 1
            continue
        recipients = voter_emails(organization)
        if not recipients:
            outcome.skipped += 1
            outcome.notes.append(f"skipped {organization}: no executive leader or delegate")
            continue
        if dry_run or _send_notice(
            proposal=proposal, organization=organization, kind=kind, recipients=recipients
        ):
            outcome.sent += 1
            outcome.notes.append(f"{kind} “{proposal}” to {organization}: {', '.join(recipients)}")
        else:
            outcome.skipped += 1


def send_decision_notices(
    *, now: datetime.datetime | None = None, dry_run: bool = False
) -> Outcome:
    now = now or timezone.now()
    outcome = Outcome()
    if not dry_run:
        outcome.settled = settle_closed_proposals()
    active = Organization.objects.active().order_by("name")
    for proposal in Proposal.objects.open(now).order_by("closes_at"):
        _notify(
            proposal=proposal,
            organizations=active,
            kind=DecisionNotice.Kind.OPENED,
            dry_run=dry_run,
            outcome=outcome,
        )
        if proposal.closes_at - now <= CLOSING_WINDOW:
            not_voted = active.exclude(
                pk__in=Vote.objects.filter(proposal=proposal).values("organization_id")
            )
            _notify(
                proposal=proposal,
                organizations=not_voted,
                kind=DecisionNotice.Kind.CLOSING,
                dry_run=dry_run,
                outcome=outcome,
            )
    return outcome


def decision_reminders(*, today: datetime.date, dry_run: bool) -> Outcome:
    """For partners' `send_reminders` (REMINDERS["decisions"]): same as the command."""
    return send_decision_notices(dry_run=dry_run)
