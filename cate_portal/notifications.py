"""What every e-mail and reminder job of the portal shares."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

SUBJECT_PREFIX = "[CATE] "


def absolute_url(path: str) -> str:
    """A full link for e-mails, from settings.SITE_URL: cron jobs have no request at hand."""
    return settings.SITE_URL.rstrip("/") + path


@dataclass
class Outcome:
    """What one reminder job did: `send_reminders` adds these up and prints them."""

    sent: int = 0
    skipped: int = 0
    settled: int = 0
    notes: list[str] = field(default_factory=list)


def one_line(text: str) -> str:
    """Collapses every run of whitespace, newlines included, into one space."""
    return " ".join(text.split())


def send_email_on_commit(*, subject: str, template: str, context: dict, to: list[str]) -> None:
    """Renders an e-mail now and sends it once the current transaction commits.

    The subject is made one line: names typed by the public end up in subjects, and a newline
    in a header would make Django refuse to send (after the data was saved).
    """
    body = render_to_string(template, context)
    subject = one_line(f"{SUBJECT_PREFIX}{subject}")
    recipients = list(to)
    transaction.on_commit(
        lambda: send_mail(
            subject=subject,
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
        )
    )
