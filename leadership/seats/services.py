"""Changes to seats and terms, and the partner seat that follows each Collaborative Partner.

The director edits seats and terms in the admin; a partner's seat follows the partner through
leadership/receivers.py (its status, its executive leader). Each change runs in a transaction
and records who acted (cate_portal.actors).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from cate_portal.actors import record_actor
from leadership.models import Seat, SeatKind, Term
from partners.models import Membership, Organization, Role


def executive_leader_of(organization: Organization):
    """The organization's longest-serving current executive leader, or None."""
    membership = (
        Membership.objects.current()
        .filter(organization=organization, role=Role.EXECUTIVE_LEADER)
        .select_related("user")
        .order_by("started_on", "pk")
        .first()
    )
    return membership


@transaction.atomic
def start_term(
    *,
    seat: Seat,
    started_on: datetime.date,
    person: Any = None,
    name: str = "",
    title: str = "",
    email: str = "",
    ended_on: datetime.date | None = None,
    acting_user: Any = None,
) -> Term:
    """Adds a term to a seat, refused when it overlaps another term of the seat."""
    # Terms of one seat are written one at a time, so the overlap check cannot race.
    Seat.objects.select_for_update().get(pk=seat.pk)
    term = Term(
        seat=seat,
        person=person,
        name=name,
        title=title,
        email=email,
        started_on=started_on,
        ended_on=ended_on,
    )
    term.full_clean()
    record_actor(term, acting_user)
    term.save()
    return term


def _validate_end(term: Term) -> None:
    """Checks a term's new end (its dates, no overlap: Term.clean), not its other fields: one
    stored before a rule of its own existed must not keep a term from ending."""
    term.full_clean(
        exclude=[field.name for field in Term._meta.fields if field.name != "ended_on"],
        validate_unique=False,
    )


@transaction.atomic
def end_term(*, term: Term, ended_on: datetime.date, acting_user: Any = None) -> Term:
    Seat.objects.select_for_update().get(pk=term.seat_id)
    term = Term.objects.get(pk=term.pk)
    term.ended_on = ended_on
    _validate_end(term)
    record_actor(term, acting_user)
    term.save(update_fields=["ended_on"])
    return term


@transaction.atomic
def ensure_partner_seat(
    *, organization: Organization, on: datetime.date | None = None, acting_user: Any = None
) -> Seat:
    """Gives an approved (active) organization its partner seat, held by its executive leader.

    Idempotent: an existing seat is reactivated, and a term starts only when the seat has no
    current one and the organization has a current executive leader.
    """
    on = on or timezone.localdate()
    seat = (
        Seat.objects.select_for_update()
        .filter(kind=SeatKind.PARTNER, organization=organization)
        .first()
    )
    if seat is None:
        seat = Seat(kind=SeatKind.PARTNER, organization=organization, title=organization.name)
        seat.full_clean()
        record_actor(seat, acting_user)
        seat.save()
    elif not seat.active:
        seat.active = True
        record_actor(seat, acting_user)
        seat.save(update_fields=["active"])
    leader = executive_leader_of(organization)
    if leader is not None and not seat.terms.current(on).exists():
        # A later term, if any was planned, is left alone: this one then ends when it starts.
        upcoming = seat.terms.filter(started_on__gt=on).order_by("started_on").first()
        start_term(
            seat=seat,
            person=leader.user,
            title=leader.title,
            started_on=on,
            ended_on=upcoming.started_on if upcoming else None,
            acting_user=acting_user,
        )
    return seat


@transaction.atomic
def sync_partner_seat(
    *, organization: Organization, on: datetime.date | None = None, acting_user: Any = None
) -> Seat | None:
    """Keeps an active partner's seat held by its current executive leader.

    Called when an executive leader joins, is demoted or leaves: a term held by someone who is
    no longer the executive leader ends that day, and the current leader's term starts.
    """
    on = on or timezone.localdate()
    if not organization.is_active:
        return None
    seat = (
        Seat.objects.select_for_update()
        .filter(kind=SeatKind.PARTNER, organization=organization)
        .first()
    )
    leader = executive_leader_of(organization)
    if seat is not None:
        term = seat.terms.current(on).first()
        if term is not None and (leader is None or term.person_id != leader.user_id):
            end_term(term=term, ended_on=on, acting_user=acting_user)
    return ensure_partner_seat(organization=organization, on=on, acting_user=acting_user)


@transaction.atomic
def end_partner_seat_term(
    *, organization: Organization, on: datetime.date | None = None, acting_user: Any = None
) -> Term | None:
    """An organization withdraws: the current term of its seat ends that day; the seat leaves
    the roster. Returns the ended term (None when the seat had none). Idempotent."""
    on = on or timezone.localdate()
    seat = (
        Seat.objects.select_for_update()
        .filter(kind=SeatKind.PARTNER, organization=organization)
        .first()
    )
    if seat is None:
        return None
    if seat.active:
        seat.active = False
        record_actor(seat, acting_user)
        seat.save(update_fields=["active"])
    term = seat.terms.current(on).first()
    if term is None:
        return None
    term.ended_on = on
    _validate_end(term)
    record_actor(term, acting_user)
    term.save(update_fields=["ended_on"])
    return term
