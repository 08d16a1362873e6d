from django.db import models

from .organizations import Organization


class ReminderLog(models.Model):
    """A reminder sent to an organization: `send_reminders` reads these to stay idempotent."""

    class Kind(models.TextChoices):
        PROFILE_REVIEW = "profile_review", "Review the directory profile"
        AGREEMENT = "agreement", "Sign the shared values"

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField(help_text="The addresses it was sent to, one a line.")

    class Meta:
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["organization", "kind", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.organization} on {self.sent_at:%Y-%m-%d}"
