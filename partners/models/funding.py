"""Funders and the support they give. Confidential: only the admin shows it.

The one exception is the name of a funder the director marks as publicly acknowledged, which the
About page lists (partners.support.selectors.acknowledged_funders).
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from phonenumber_field.modelfields import PhoneNumberField

from cate_portal.text import validate_single_line


class FunderKind(models.TextChoices):
    FOUNDATION = "foundation", "Foundation"
    CORPORATION = "corporation", "Corporation"
    GOVERNMENT = "government", "Government"
    INDIVIDUAL = "individual", "Individual"
    OTHER = "other", "Other"


class Funder(models.Model):
    name = models.CharField(max_length=200, validators=[validate_single_line])
    kind = models.CharField(max_length=20, choices=FunderKind.choices)
    contact_name = models.CharField(max_length=200, blank=True, validators=[validate_single_line])
    contact_email = models.EmailField(
        "contact e-mail", blank=True, validators=[validate_single_line]
    )
    contact_phone = PhoneNumberField(blank=True, region="US")
    notes = models.TextField("confidential notes", blank=True)
    publicly_acknowledged = models.BooleanField(
        default=False,
        help_text="List this funder's name (and nothing else) on the public About page.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = [Lower("name")]
        constraints = [models.UniqueConstraint(Lower("name"), name="funder_name_ci_unique")]

    def __str__(self) -> str:
        return self.name


class SupportStatus(models.TextChoices):
    PROSPECT = "prospect", "Prospect"
    APPLIED = "applied", "Applied"
    AWARDED = "awarded", "Awarded"
    DECLINED = "declined", "Declined"
    ENDED = "ended", "Ended"


class SupportQuerySet(models.QuerySet):
    def awarded_during(self, start, end) -> "SupportQuerySet":
        """Awards (current or ended) whose period overlaps [start, end]."""
        return self.filter(
            Q(status__in=[SupportStatus.AWARDED, SupportStatus.ENDED]),
            Q(started_on__isnull=True) | Q(started_on__lte=end),
            Q(ended_on__isnull=True) | Q(ended_on__gte=start),
        )

    def ending_between(self, start, end) -> "SupportQuerySet":
        return self.filter(status=SupportStatus.AWARDED, ended_on__gte=start, ended_on__lte=end)


class Support(models.Model):
    """A grant, gift or contract from a funder, from prospect to award and end."""

    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="supports")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    purpose = models.TextField(blank=True)
    restrictions = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=SupportStatus.choices, default=SupportStatus.PROSPECT
    )
    renewal_on = models.DateField("renewal date", null=True, blank=True)

    objects = SupportQuerySet.as_manager()

    class Meta:
        verbose_name = "support"
        verbose_name_plural = "support"
        ordering = [models.F("ended_on").desc(nulls_first=True), "funder"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="support_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="support_ends_after_it_starts",
                violation_error_message="Support cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funder}: {self.amount} ({self.get_status_display().lower()})"
