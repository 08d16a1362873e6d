"""The profile-review reminder: active partners whose directory profile was not confirmed
within PROFILE_REVIEW_AFTER are asked to review it, at most once per
REMIND_TO_REVIEW_PROFILE_EVERY. One message to each current primary contact."""

import datetime
from collections.abc import Iterator

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cate_portal.notifications import absolute_url
from cate_portal.reminders import Reminder, ReminderKind, subject_key
from partners.models import Organization
from partners.people.selectors import primary_contact_emails

#: A profile not confirmed as current for this long is stale: its contacts are asked to review.
PROFILE_REVIEW_AFTER = datetime.timedelta(days=365)
#: While it stays stale, they are asked again this often.
REMIND_TO_REVIEW_PROFILE_EVERY = datetime.timedelta(days=30)


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


def profile_review_reminders(now: datetime.datetime) -> Iterator[Reminder]:
    link = absolute_url(reverse("portal:dashboard"))
    for organization in organizations_due_for_profile_review(timezone.localdate(now)):
        yield Reminder(
            key=subject_key(organization),
            about=organization.name,
            recipients=primary_contact_emails(organization),
            subject=f"Please review {organization.name}'s directory profile",
            template="emails/profile_review_reminder.txt",
            context={
                "organization_name": organization.name,
                "profile_confirmed_on": organization.profile_confirmed_on,
                "link": link,
            },
        )


PROFILE_REVIEW = ReminderKind(
    name="profile-review",
    every=REMIND_TO_REVIEW_PROFILE_EVERY,
    due=profile_review_reminders,
    no_recipients="no current primary contact",
)
