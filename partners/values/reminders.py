"""Reminds organizations that must sign the current shared values. For `send_reminders`.

An organization is reminded when it is active and has not signed the current version, at most
once per REMIND_TO_SIGN_EVERY. The e-mail goes to its current primary contacts, one message
each, and says when the signature is due.
"""

import datetime
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from cate_portal.notifications import absolute_url
from cate_portal.reminders import Reminder, ReminderKind, subject_key
from partners.people.selectors import primary_contact_emails
from partners.values.selectors import organizations_that_must_sign

#: While an organization has not signed the current values, it is reminded this often.
REMIND_TO_SIGN_EVERY = datetime.timedelta(days=7)


def signing_reminders(now: datetime.datetime) -> Iterator[Reminder]:
    link = absolute_url(reverse("values:agreement"))
    for status in organizations_that_must_sign(today=timezone.localdate(now)):
        organization = status.organization
        due = f"due {date_format(status.due_on)}" if status.due_on else "due"
        overdue = f", {status.days_overdue} days overdue" if status.days_overdue else ""
        yield Reminder(
            key=subject_key(organization),
            about=f"{organization} ({due}{overdue})",
            recipients=primary_contact_emails(organization),
            subject=f"{organization.name}: please sign the coalition's shared values",
            template="emails/agreement_reminder.txt",
            context={
                "organization_name": organization.name,
                "version_label": status.version.label,
                "adopted_on": status.version.adopted_on,
                "signed_earlier": status.agreement is not None,
                "due_on": status.due_on,
                "days_overdue": status.days_overdue,
                "link": link,
            },
        )


AGREEMENT_SIGNING = ReminderKind(
    name="agreement",
    every=REMIND_TO_SIGN_EVERY,
    due=signing_reminders,
    no_recipients="no current primary contact",
)
