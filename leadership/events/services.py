"""Changes to events: saving and publishing them, partners' proposals, answers with the waiting
list, attendance and minutes, calendar-feed tokens.

Views, the admin and commands all call these functions, so no path skips a rule. Each runs in a
transaction, checks permission, calls full_clean() before saving, records who acted
(cate_portal.actors) and sends its e-mail once the transaction commits.

Capacity under concurrency: every answer locks the event's row first (select_for_update), so
two answers to one event are taken one after the other and the count of places taken that each
reads is the committed one. The last place goes to one of them; the other joins the waiting
list. (tests/leadership/events/test_concurrency.py races two answers on PostgreSQL.)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cate_portal.actors import SYSTEM, record_actor, require_staff
from cate_portal.notifications import absolute_url, send_email_on_commit
from leadership.models import (
    CalendarFeed,
    Event,
    EventAttendance,
    EventStatus,
    Rsvp,
    RsvpStatus,
)
from leadership.permissions import may_answer_event
from partners.models import Organization
from partners.permissions import managed_organizations

#: Fields a partner fills in when proposing an event (the director sets the rest).
PROPOSAL_FIELDS = (
    "title",
    "description",
    "kind",
    "starts_at",
    "ends_at",
    "place_name",
    "address",
    "at_host_address",
    "online_link",
    "visibility",
    "capacity",
)


def _notify(event: Event, *, to: Iterable[str], subject: str, template: str, **context) -> None:
    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    send_email_on_commit(
        subject=subject,
        template=template,
        context={
            "event": event,
            "starts_at": timezone.localtime(event.starts_at),
            "link": absolute_url(event.get_absolute_url()),
            **context,
        },
        to=recipients,
    )


# --- The director's events -------------------------------------------------------------------


@transaction.atomic
def save_event(*, event: Event, acting_user: Any) -> Event:
    """Creates or changes an event (the director's admin). Staff or the system only.

    Lowering the capacity below the places already taken moves nobody off the list: the places
    stay taken, and nobody moves up until enough people cancel.
    """
    require_staff(acting_user, action="create or change events")
    event.full_clean()
    record_actor(event, acting_user)
    event.save()
    return event


@transaction.atomic
def propose_event(*, organization: Organization, acting_user: Any, **fields) -> Event:
    """A partner's primary contact or executive leader proposes an event hosted by their
    organization; the director publishes or declines it in the admin. Unknown fields raise
    TypeError (only PROPOSAL_FIELDS)."""
    unknown = set(fields) - set(PROPOSAL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown event fields: {sorted(unknown)}")
    if (
        acting_user is not SYSTEM
        and not managed_organizations(acting_user).filter(pk=organization.pk).exists()
    ):
        raise PermissionDenied(
            _(
                "Only a primary contact or an executive leader of an active partner "
                "organization may propose its events."
            )
        )
    event = Event(
        host=organization,
        status=EventStatus.PROPOSED,
        proposed_by=acting_user,
        **fields,
    )
    event.full_clean()
    record_actor(event, acting_user)
    event.save()
    return event


@transaction.atomic
def publish_event(*, event: Event, acting_user: Any) -> Event:
    """The director publishes a proposed event; its proposer is told by e-mail."""
    require_staff(acting_user, action="publish events")
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == EventStatus.PUBLISHED:
        return event
    event.status = EventStatus.PUBLISHED
    event.decline_reason = ""
    event.full_clean()
    record_actor(event, acting_user)
    event.save(update_fields=["status", "decline_reason"])
    if event.proposed_by_id:
        _notify(
            event,
            to=[event.proposed_by.email],
            subject=f"Event published: {event.title}",
            template="emails/event_published.txt",
        )
    return event


@transaction.atomic
def decline_event(*, event: Event, acting_user: Any, reason: str = "") -> Event:
    """The director declines a proposed event (a published one is not declined: change it or
    let it be); its proposer is told why by e-mail."""
    require_staff(acting_user, action="decline events")
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.PROPOSED:
        raise ValidationError(_("Only a proposed event can be declined."), code="not_proposed")
    event.status = EventStatus.DECLINED
    event.decline_reason = reason.strip()
    event.full_clean()
    record_actor(event, acting_user)
    event.save(update_fields=["status", "decline_reason"])
    if event.proposed_by_id:
        _notify(
            event,
            to=[event.proposed_by.email],
            subject=f"Event not published: {event.title}",
            template="emails/event_declined.txt",
            reason=event.decline_reason,
        )
    return event


# --- Answers and the waiting list ------------------------------------------------------------


def places_taken(event: Event) -> int:
    return Rsvp.objects.filter(event=event, status=RsvpStatus.GOING).count()


def _move_up_waiting(event: Event, *, acting_user: Any) -> list[Rsvp]:
    """Gives free places to the waiting list, first come first served; e-mails each person who
    moved up. The event's row must be locked by the caller."""
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - places_taken(event)
        if free <= 0:
            return []
    waiting = Rsvp.objects.filter(event=event, status=RsvpStatus.WAITING).select_related("user")
    moved = list(waiting.order_by("answered_at", "pk")[:free] if free is not None else waiting)
    for rsvp in moved:
        rsvp.status = RsvpStatus.GOING
        record_actor(rsvp, acting_user)
        rsvp.save(update_fields=["status"])
        if rsvp.user.is_active:
            _notify(
                event,
                to=[rsvp.user.email],
                subject=f"A place is yours: {event.title}",
                template="emails/event_place_freed.txt",
            )
    return moved


@transaction.atomic
def answer_event(*, event: Event, user: Any, going: bool, acting_user: Any, viewer=None) -> Rsvp:
    """`user` answers going or not going. Going takes a free place, or joins the end of the
    waiting list when the event is full; answering not going frees the place, and the first
    person waiting moves up (with an e-mail). Answering the same again changes nothing.

    `viewer`: on a page, the request's viewer (partners.visibility.viewer_for_request); the
    user's own otherwise. Raises PermissionDenied when the person may not see or answer the
    event (not signed in, not entitled, the event over or not published); `acting_user` is the
    person themselves, or staff/the system acting for them.
    """
    if acting_user is not SYSTEM and acting_user != user:
        require_staff(acting_user, action="answer for someone else")
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not may_answer_event(user, viewer if viewer is not None else user, event):
        raise PermissionDenied(_("You cannot answer for this event."))
    now = timezone.now()
    rsvp = Rsvp.objects.filter(event=event, user=user).first()
    if going:
        if rsvp is not None and rsvp.status in (RsvpStatus.GOING, RsvpStatus.WAITING):
            return rsvp
        full = event.capacity is not None and places_taken(event) >= event.capacity
        # Nobody jumps the queue: with people waiting, a newcomer waits too.
        queue = Rsvp.objects.filter(event=event, status=RsvpStatus.WAITING).exists()
        status = RsvpStatus.WAITING if full or queue else RsvpStatus.GOING
    else:
        if rsvp is not None and rsvp.status == RsvpStatus.NOT_GOING:
            return rsvp
        status = RsvpStatus.NOT_GOING
    freed = rsvp is not None and rsvp.status == RsvpStatus.GOING and not going
    if rsvp is None:
        rsvp = Rsvp(event=event, user=user)
    rsvp.status = status
    rsvp.answered_at = now
    rsvp.full_clean(validate_constraints=False)
    record_actor(rsvp, acting_user)
    rsvp.save()
    if freed or status == RsvpStatus.WAITING:
        # A freed place, or (defensively) a place free while someone waits: move the queue up.
        _move_up_waiting(event, acting_user=SYSTEM)
        rsvp.refresh_from_db(fields=["status"])
    return rsvp


@transaction.atomic
def change_capacity(*, event: Event, capacity: int | None, acting_user: Any) -> Event:
    """The director changes the number of places; raising it moves the waiting list up."""
    require_staff(acting_user, action="change an event's capacity")
    event = Event.objects.select_for_update().get(pk=event.pk)
    event.capacity = capacity
    event.full_clean()
    record_actor(event, acting_user)
    event.save(update_fields=["capacity"])
    _move_up_waiting(event, acting_user=SYSTEM)
    return event


# --- After the event: attendance and minutes -------------------------------------------------


@transaction.atomic
def record_attendance(
    *,
    event: Event,
    organizations: Iterable[Organization],
    acting_user: Any,
    people_trained: int | None = None,
) -> Event:
    """The director records which organizations attended (replacing what was recorded) and,
    for a training, how many people were trained. Only once the event has started."""
    require_staff(acting_user, action="record attendance")
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.starts_at > timezone.now():
        raise ValidationError(
            _("Attendance is recorded once the event has taken place."), code="not_yet"
        )
    if people_trained is not None and not event.is_training:
        raise ValidationError(
            {"people_trained": _("People trained are counted for trainings only.")}
        )
    wanted = {organization.pk for organization in organizations}
    EventAttendance.objects.filter(event=event).exclude(organization_id__in=wanted).delete()
    have = set(
        EventAttendance.objects.filter(event=event).values_list("organization_id", flat=True)
    )
    EventAttendance.objects.bulk_create(
        EventAttendance(event=event, organization_id=pk) for pk in sorted(wanted - have)
    )
    event.people_trained = people_trained
    event.attendance_recorded_at = timezone.now()
    event.full_clean()
    record_actor(event, acting_user)
    event.save(update_fields=["people_trained", "attendance_recorded_at"])
    return event


@transaction.atomic
def set_minutes(
    *,
    event: Event,
    acting_user: Any,
    text: str | None = None,
    pdf=None,
    remove_pdf: bool = False,
) -> Event:
    """The director writes the minutes (Markdown, cleaned when shown) and/or attaches a PDF
    (checked by content, stored outside MEDIA_ROOT: leadership.events.minutes)."""
    from leadership.events import minutes

    require_staff(acting_user, action="attach minutes")
    event = Event.objects.select_for_update().get(pk=event.pk)
    fields = []
    if text is not None:
        event.minutes_text = text
        fields.append("minutes_text")
    if pdf is not None:
        minutes.store_pdf(event, pdf)
        fields.append("minutes_file")
    elif remove_pdf and event.minutes_file:
        event.minutes_file = None
        fields.append("minutes_file")
    if not fields:
        return event
    event.full_clean()
    record_actor(event, acting_user)
    event.save(update_fields=fields)
    return event


# --- Calendar feeds --------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_for(*, user: Any) -> CalendarFeed:
    """The person's feed, created the first time it is asked for."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def reset_calendar_feed(*, user: Any, acting_user: Any) -> CalendarFeed:
    """A new secret token: the old feed address stops working at once."""
    if acting_user is not SYSTEM and acting_user != user:
        require_staff(acting_user, action="reset someone else's calendar feed")
    from leadership.models.events import new_feed_token

    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token", "created_at"])
    return feed
