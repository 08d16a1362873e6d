"""The coalition's fiscal sponsor: the organization that is its home and fiscal agent."""

from django.db import models
from django.db.models import Q, Value
from django.utils.translation import gettext

from .organizations import Organization


class FiscalSponsorshipQuerySet(models.QuerySet):
    def current(self) -> "FiscalSponsorshipQuerySet":
        return self.filter(ended_on__isnull=True)


class FiscalSponsorship(models.Model):
    """One period of fiscal sponsorship. Ended with a date, never deleted, so history stays."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="fiscal_sponsorships"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    provides_home_office = models.BooleanField(
        "provides the coalition's home office", default=False
    )
    provides_fiscal_agent = models.BooleanField("acts as fiscal agent", default=False)
    employs_staff = models.BooleanField("employs the coalition's staff", default=False)
    notes = models.TextField("notes (coalition staff only)", blank=True)

    objects = FiscalSponsorshipQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            # A unique index over a constant, limited to the rows without an end: at most one
            # such row can exist. Works the same on SQLite and PostgreSQL.
            models.UniqueConstraint(
                Value(1),
                condition=Q(ended_on__isnull=True),
                name="fiscal_sponsorship_one_current",
                violation_error_message="There is already a current fiscal sponsorship: end it "
                "(set its end date) before recording a new one.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="fiscal_sponsorship_ends_after_it_starts",
                violation_error_message="A sponsorship cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        until = f"{self.ended_on:%Y}" if self.ended_on else "today"
        return f"{self.organization}, fiscal sponsor {self.started_on:%Y} to {until}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    @property
    def provisions(self) -> list[str]:
        """What the sponsor provides, in words for a page."""
        return [
            text
            for flag, text in (
                (self.provides_home_office, gettext("the coalition's home office")),
                (
                    self.provides_fiscal_agent,
                    gettext("fiscal sponsorship as the coalition's fiscal agent"),
                ),
                (self.employs_staff, gettext("employment of the coalition's staff")),
            )
            if flag
        ]
