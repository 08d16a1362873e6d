"""Seats of the coalition's leadership and the terms of the people who hold them.

A term runs from `started_on` (its first day) until `ended_on`, the day the holder leaves the
seat; the successor may start that same day. A term without `ended_on` runs on. On PostgreSQL an
exclusion constraint (migration 0002) keeps the terms of one seat from overlapping; `Term.clean`
gives the same rule a clear message on every database.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords

from cate_portal.text import validate_single_line
from partners.models import Organization

OVERLAP_MESSAGE = "This term overlaps another term of the same seat ({other})."


class SeatKind(models.TextChoices):
    # Declared in the order the roster shows them.
    DIRECTOR = "director", "Coalition Director"
    OFFICER = "officer", "Officer"
    PARTNER = "partner", "Partner seat"
    AT_LARGE = "at_large", "At-large"


class SeatQuerySet(models.QuerySet):
    def active(self) -> "SeatQuerySet":
        return self.filter(active=True)


class Seat(models.Model):
    kind = models.CharField(max_length=10, choices=SeatKind.choices)
    title = models.CharField(max_length=200, validators=[validate_single_line])
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leadership_seats",
        help_text="Partner seats only: the Collaborative Partner whose executive leader holds it.",
    )
    active = models.BooleanField(
        default=True, help_text="Inactive seats leave the roster; their terms stay as history."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = SeatQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(kind="partner"),
                name="seat_one_partner_seat_per_organization",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind="director"),
                name="seat_one_director_seat",
            ),
            models.CheckConstraint(
                condition=(Q(kind="partner") & Q(organization__isnull=False))
                | (~Q(kind="partner") & Q(organization__isnull=True)),
                name="seat_organization_only_for_partner_seats",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.kind == SeatKind.PARTNER and self.organization_id is None:
            raise ValidationError({"organization": "A partner seat belongs to an organization."})
        if self.kind != SeatKind.PARTNER and self.organization_id is not None:
            raise ValidationError({"organization": "Only partner seats belong to an organization."})


class TermQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> "TermQuerySet":
        """Terms running on the given day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on), started_on__lte=on)

    def overlapping(
        self, *, started_on: datetime.date, ended_on: datetime.date | None
    ) -> "TermQuerySet":
        """Terms sharing at least one day with [started_on, ended_on)."""
        if ended_on is not None and ended_on <= started_on:
            return self.none()  # an empty term (it ended the day it began) overlaps nothing
        queryset = self.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=started_on))
        if ended_on is not None:
            queryset = queryset.filter(started_on__lt=ended_on)
        return queryset


class Term(models.Model):
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="terms")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leadership_terms",
        help_text="The holder's account, when they have one.",
    )
    name = models.CharField(
        max_length=200,
        blank=True,
        help_text="For a holder without an account (else optional).",
        validators=[validate_single_line],
    )
    title = models.CharField(
        "job title", max_length=200, blank=True, validators=[validate_single_line]
    )
    email = models.EmailField(
        "contact e-mail",
        blank=True,
        help_text="For a holder without an account. Shown to signed-in partners only.",
        validators=[validate_single_line],
    )
    started_on = models.DateField()
    ended_on = models.DateField(
        null=True, blank=True, help_text="The day the holder leaves the seat. Empty: runs on."
    )

    history = HistoricalRecords()
    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["seat", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="term_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""),
                name="term_has_a_holder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder_name}, {self.seat} ({self.period})"

    @property
    def holder_name(self) -> str:
        if self.person_id and not self.name:
            return str(self.person)
        return self.name

    @property
    def holder_title(self) -> str:
        return self.title or (self.person.title if self.person_id else "")

    @property
    def contact_email(self) -> str:
        return self.email or (self.person.email if self.person_id else "")

    @property
    def period(self) -> str:
        end = date_format(self.ended_on) if self.ended_on else "present"
        return f"{date_format(self.started_on)} to {end}"

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.started_on <= on and (self.ended_on is None or self.ended_on > on)

    def clean(self) -> None:
        errors = {}
        if self.person_id is None and not self.name.strip():
            errors["name"] = "Give the holder's account or their name."
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = "A term cannot end before it starts."
        if errors:
            raise ValidationError(errors)
        if self.seat_id and self.started_on:
            other = (
                Term.objects.filter(seat_id=self.seat_id)
                .exclude(pk=self.pk)
                # An admin formset checks the terms it edits among themselves, new values included.
                .exclude(pk__in=getattr(self, "_terms_checked_by_formset", ()))
                .overlapping(started_on=self.started_on, ended_on=self.ended_on)
                .select_related("person")
                .first()
            )
            if other is not None:
                raise ValidationError(
                    OVERLAP_MESSAGE.format(other=f"{other.holder_name}, {other.period}")
                )
