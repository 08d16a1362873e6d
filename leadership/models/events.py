"""Events of the coalition: meetings, leadership meetings, trainings and community events, the
answers of the people who come (with a waiting list), the organizations that attended, the
minutes, and each person's secret calendar-feed token.

Times are stored in UTC (``USE_TZ``) and shown in the site's time zone, America/Chicago
(``TIME_ZONE``): a wall time typed in the admin is read in Chicago's offset of that day, so an
event keeps its wall time across daylight-saving changes. Who may see an event, its place, its
online link and its minutes is decided in leadership/permissions.py, nowhere else.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cate_portal.private_files import private_storage
from cate_portal.text import validate_single_line
from partners.models import Organization


class EventKind(models.TextChoices):
    COALITION_MEETING = "coalition_meeting", _("Coalition meeting")
    LEADERSHIP_MEETING = "leadership_meeting", _("Leadership meeting")
    TRAINING = "training", _("Training")
    COMMUNITY_EVENT = "community_event", _("Community event")


#: Kinds counted as meetings (held, attendance rate) by the dashboard and the evaluation.
MEETING_KINDS = (EventKind.COALITION_MEETING, EventKind.LEADERSHIP_MEETING)


class EventVisibility(models.TextChoices):
    """Who may see an event: the same audiences as resources
    (leadership.permissions.audiences_of)."""

    PUBLIC = "public", _("Public")
    PARTNERS = "partners", _("Partners")
    LEADERSHIP = "leadership", _("Leadership (executive leaders and the director)")


class EventStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed by a partner, waiting for the director")
    PUBLISHED = "published", _("Published")
    DECLINED = "declined", _("Declined")


class EventQuerySet(models.QuerySet):
    def published(self) -> "EventQuerySet":
        return self.filter(status=EventStatus.PUBLISHED)

    def upcoming(self, now=None) -> "EventQuerySet":
        """Not over yet: an event in progress is still upcoming."""
        return self.filter(ends_at__gt=now or timezone.now())

    def past(self, now=None) -> "EventQuerySet":
        return self.filter(ends_at__lte=now or timezone.now())

    def meetings(self) -> "EventQuerySet":
        return self.filter(kind__in=MEETING_KINDS)


class Event(models.Model):
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place_name = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        validators=[validate_single_line],
        help_text=_("e.g. “Community room, second floor”. Leave empty for an online event."),
    )
    address = models.CharField(
        _("address"),
        max_length=300,
        blank=True,
        validators=[validate_single_line],
        help_text=_(
            "The street address of a place that is not the host partner's. For a meeting at "
            "the host partner's own address, leave empty and tick “at the host's address”: "
            "that address is then shown only to the people the partner's rules allow."
        ),
    )
    at_host_address = models.BooleanField(_("at the host's address"), default=False)
    online_link = models.URLField(
        _("online link"),
        blank=True,
        validators=[validate_single_line],
        help_text=_("Shown only to people who may attend."),
    )
    host = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("host organization"),
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=20,
        choices=EventVisibility.choices,
        default=EventVisibility.PARTNERS,
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Places available; empty for no limit."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.PUBLISHED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events_proposed",
        editable=False,
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # After the event: who came (EventAttendance), how many were trained, the minutes.
    people_trained = models.PositiveIntegerField(
        _("people trained"),
        null=True,
        blank=True,
        help_text=_("For a training: how many people were trained."),
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    minutes_text = models.TextField(
        _("minutes (Markdown)"),
        blank=True,
        help_text=_("Markdown. Shown after cleaning: no scripts, no styles, no embedded content."),
    )
    #: The minutes PDF, outside MEDIA_ROOT (cate_portal.private_files), stored by
    #: leadership.events.services.set_minutes and served by the event's minutes view.
    minutes_file = models.FileField(
        storage=private_storage, max_length=200, blank=True, editable=False
    )

    history = HistoricalRecords()
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=~Q(kind="leadership_meeting") | Q(visibility="leadership"),
                name="event_leadership_meeting_is_for_the_leadership",
            ),
            models.CheckConstraint(
                condition=Q(at_host_address=False) | Q(host__isnull=False),
                name="event_host_address_needs_a_host",
            ),
        ]
        indexes = [models.Index(fields=["status", "ends_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("An event ends after it starts.")
        if (
            self.kind == EventKind.LEADERSHIP_MEETING
            and self.visibility != EventVisibility.LEADERSHIP
        ):
            errors["visibility"] = _("A leadership meeting is for the leadership only.")
        if self.at_host_address and self.host_id is None:
            errors["at_host_address"] = _("Choose the host organization whose address it is.")
        if self.at_host_address and self.address:
            errors["address"] = _(
                "Leave the address empty for a meeting at the host's address: the partner's "
                "own address is used, with its visibility rules."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_training(self) -> bool:
        return self.kind == EventKind.TRAINING

    @property
    def is_meeting(self) -> bool:
        return self.kind in MEETING_KINDS

    def is_over(self, now=None) -> bool:
        return self.ends_at <= (now or timezone.now())


class RsvpStatus(models.TextChoices):
    GOING = "going", _("Going")
    WAITING = "waiting", _("On the waiting list")
    NOT_GOING = "not_going", _("Not going")


class Rsvp(models.Model):
    """One person's answer to one event; changed in place (history keeps the earlier ones).

    The waiting list is the WAITING answers in the order of `answered_at` (then pk): the first
    moves up when a place frees (leadership.events.services.answer_event).
    """

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="rsvps"
    )
    status = models.CharField(max_length=20, choices=RsvpStatus.choices)
    answered_at = models.DateTimeField()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer")
        ordering = ["answered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="rsvp_one_per_person_and_event")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_status_display()} ({self.event})"


class EventAttendance(models.Model):
    """An organization was at the event (recorded by the director afterwards)."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="attendances")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="event_attendances"
    )

    class Meta:
        ordering = ["event", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization"], name="attendance_one_per_organization"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} at {self.event}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private calendar feed: whoever holds the token reads what that person may
    see. Resetting replaces the token, so the old address stops working at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    # Made by the portal (never typed): not editable in any form.
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
