"""What every e-mail and reminder job of the portal shares."""

from dataclasses import dataclass, field

from django.conf import settings


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
