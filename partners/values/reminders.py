"""Reminds organizations that must sign the current shared values. For `send_reminders`.

An organization is reminded when it is active and has not signed the current version, at most
once per REMINDER_INTERVAL (ReminderLog, kind "agreement"). The e-mail goes to its current
primary contacts, one message each, and says when the signature is due.
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cate_portal.notifications import Outcome, absolute_url, send_email_on_commit
from partners.models import ReminderLog
from partners.people.selectors import primary_contact_emails
from partners.values.selectors import AgreementStatus, organizations_that_must_sign

REMINDER_INTERVAL = datetime.timedelta(days=7)


def recently_reminded(organization, *, now: datetime.datetime) -> bool:
    return ReminderLog.objects.filter(
        organization=organization,
        kind=ReminderLog.Kind.AGREEMENT,
        sent_at__gt=now - REMINDER_INTERVAL,
    ).exists()


@transaction.atomic
def send_agreement_reminder(*, status: AgreementStatus, recipients: list[str]) -> ReminderLog:
    """E-mails the primary contacts that the organization must sign, and logs it."""
    organization = status.organization
    log = ReminderLog(
        organization=organization,
        kind=ReminderLog.Kind.AGREEMENT,
        recipients="\n".join(recipients),
    )
    log.full_clean()
    log.save()
    context = {
        "organization_name": organization.name,
        "version_label": status.version.label,
        "adopted_on": status.version.adopted_on,
        "signed_earlier": status.agreement is not None,
        "due_on": status.due_on,
        "days_overdue": status.days_overdue,
        "link": absolute_url(reverse("values:agreement")),
    }
    for recipient in recipients:
        send_email_on_commit(
            subject=f"{organization.name}: please sign the coalition's shared values",
            template="emails/agreement_reminder.txt",
            context=context,
            to=[recipient],
        )
    return log


def agreement_signing(*, today: datetime.date | None = None, dry_run: bool = False) -> Outcome:
    """Sends the due signing reminders (or, with dry_run, only says what it would send)."""
    today = today or timezone.localdate()
    now = timezone.now()
    outcome = Outcome()
    for status in organizations_that_must_sign(today=today):
        organization = status.organization
        if recently_reminded(organization, now=now):
            outcome.skipped += 1
            outcome.notes.append(f"skipped {organization}: reminded in the last 7 days")
            continue
        recipients = primary_contact_emails(organization)
        if not recipients:
            outcome.skipped += 1
            outcome.notes.append(f"skipped {organization}: no current primary contact")
            continue
        if not dry_run:
            send_agreement_reminder(status=status, recipients=recipients)
        outcome.sent += 1
        due = f"due {status.due_on.isoformat()}" if status.due_on else "due"
        overdue = f", {status.days_overdue} days overdue" if status.days_overdue else ""
        outcome.notes.append(f"{organization} ({due}{overdue}): {', '.join(recipients)}")
    return outcome
