from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format


class SentReminder(models.Model):
    """A reminder the portal e-mailed, of any kind: the claim that keeps it from going twice.

    `cate_portal.reminders` writes one row before it sends, and the unique key on (kind, key,
    number) is what stops two overlapping runs from sending the same reminder: see that module.
    """

    kind = models.CharField(max_length=50, help_text="The reminder kind (send_reminders --kind).")
    key = models.CharField(
        max_length=200,
        help_text="What it is about, e.g. “organization:12”, “proposal:3/organization:12/opened”.",
    )
    number = models.PositiveIntegerField(
        help_text="1 for the first reminder of this kind about this key, 2 for the next, …"
    )
    about = models.CharField(max_length=200, help_text="Who or what it was about, for people.")
    recipients = models.TextField(help_text="The addresses it was sent to, one a line.")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = "reminder sent"
        verbose_name_plural = "reminders sent"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "number"], name="sent_reminder_once_per_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="sent_reminder_numbers_start_at_one"
            ),
        ]

    def __str__(self) -> str:
        sent_on = date_format(timezone.localdate(self.sent_at))
        return f"{self.kind} #{self.number} about {self.about} on {sent_on}"
