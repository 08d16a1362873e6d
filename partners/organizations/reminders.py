"""The profile-review reminder: active partners whose directory profile was not confirmed
within PROFILE_REVIEW_AFTER are asked to review it, at most once per REMINDER_INTERVAL."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cate_portal.notifications import Outcome, absolute_url, send_email_on_commit
from partners.models import Organization, ReminderLog
from partners.people.selectors import primary_contact_emails

PROFILE_REVIEW_AFTER = datetime.timedelta(days=365)
REMINDER_INTERVAL = datetime.timedelta(days=30)


def organizations_due_for_profile_review(today: datetime.date):
    """Active organizations whose profile was never confirmed or not within a year."""
    return (
        Organization.objects.active()
        .filter(
            Q(profile_confirmed_on__isnull=True)
            | Q(profile_confirmed_on__lt=today - PROFILE_REVIEW_AFTER)
        )
        .order_by("pk")
    )


def recently_reminded(organization: Organization, kind: str) -> bool:
    return ReminderLog.objects.filter(
        organization=organization, kind=kind, sent_at__gt=timezone.now() - REMINDER_INTERVAL
    ).exists()


@transaction.atomic
def send_profile_review_reminder(
    *, organization: Organization, recipients: list[str]
) -> ReminderLog:
    """E-mails the primary contacts to review the profile, and logs it."""
    log = ReminderLog(
        organization=organization,
        kind=ReminderLog.Kind.PROFILE_REVIEW,
        recipients="\n".join(recipients),
    )
    log.full_clean()
    log.save()
    context = {
        "organization_name": organization.name,
        "profile_confirmed_on": organization.profile_confirmed_on,
        "link": absolute_url(reverse("portal:dashboard")),
    }
    for recipient in recipients:
        send_email_on_commit(
            subject=f"Please review {organization.name}'s directory profile",
            template="emails/profile_review_reminder.txt",
            context=context,
            to=[recipient],
        )
    return log


def profile_review(*, today: datetime.date, dry_run: bool) -> Outcome:
    """Asks the primary contacts of stale profiles to review them, once per 30 days."""
    outcome = Outcome()
    for organization in organizations_due_for_profile_review(today):
        if recently_reminded(organization, ReminderLog.Kind.PROFILE_REVIEW):
            outcome.skipped += 1
            outcome.notes.append(f"skipped {organization}: reminded in the last 30 days")
            continue
        recipients = primary_contact_emails(organization)
        if not recipients:
            outcome.skipped += 1
            outcome.notes.append(f"skipped {organization}: no current primary contact")
            continue
        if not dry_run:
            send_profile_review_reminder(organization=organization, recipients=recipients)
        outcome.sent += 1
        outcome.notes.append(f"{organization}: {', '.join(recipients)}")
    return outcome
