"""Events' services: answers, capacity and the waiting list; proposals; attendance; minutes;
feed tokens."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from leadership.events import services
from leadership.models import (
    CalendarFeed,
    EventAttendance,
    EventKind,
    EventStatus,
    EventVisibility,
    Rsvp,
    RsvpStatus,
)
from partners.models import Role
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.leadership.factories import EventFactory
from tests.sample_files import PDF

pytestmark = pytest.mark.django_db

MINIMAL_PDF = PDF


def partners(count: int) -> list:
    return [MembershipFactory(role=Role.STAFF).user for _ in range(count)]


def answer(event, user, going=True):
    return services.answer_event(event=event, user=user, going=going, acting_user=user)


def statuses(event) -> dict:
    return dict(Rsvp.objects.filter(event=event).values_list("user__email", "status"))


class TestAnswers:
    def test_going_takes_a_place_until_full_then_people_wait_in_order(self):
        event = EventFactory(capacity=2)
        first, second, third, fourth = partners(4)
        assert answer(event, first).status == RsvpStatus.GOING
        assert answer(event, second).status == RsvpStatus.GOING
        assert answer(event, third).status == RsvpStatus.WAITING
        assert answer(event, fourth).status == RsvpStatus.WAITING
        assert Rsvp.objects.filter(event=event, status=RsvpStatus.GOING).count() == 2

    def test_a_cancellation_moves_the_first_waiting_up_with_an_e_mail(
        self, django_capture_on_commit_callbacks
    ):
        event = EventFactory(capacity=1, title="Labor trafficking 101")
        holder, waiting_first, waiting_second = partners(3)
        answer(event, holder)
        answer(event, waiting_first)
        answer(event, waiting_second)
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            answer(event, holder, going=False)

        assert statuses(event) == {
            holder.email: RsvpStatus.NOT_GOING,
            waiting_first.email: RsvpStatus.GOING,
            waiting_second.email: RsvpStatus.WAITING,
        }
        assert [message.to for message in mail.outbox] == [[waiting_first.email]]
        assert "Labor trafficking 101" in mail.outbox[0].subject
        assert f"/events/{event.pk}/" in mail.outbox[0].body

    def test_leaving_the_waiting_list_moves_nobody_and_sends_nothing(
        self, django_capture_on_commit_callbacks
    ):
        event = EventFactory(capacity=1)
        holder, waiting = partners(2)
        answer(event, holder)
        answer(event, waiting)
        with django_capture_on_commit_callbacks(execute=True):
            answer(event, waiting, going=False)
        assert statuses(event) == {holder.email: RsvpStatus.GOING, waiting.email: "not_going"}
        assert mail.outbox == []

    def test_answering_the_same_again_changes_nothing(self):
        event = EventFactory(capacity=1)
        holder, waiting = partners(2)
        first = answer(event, holder)
        answer(event, waiting)
        again = answer(event, holder)
        assert again.pk == first.pk and again.status == RsvpStatus.GOING
        assert answer(event, waiting).status == RsvpStatus.WAITING
        assert Rsvp.objects.filter(event=event).count() == 2

    def test_no_capacity_means_everyone_goes(self):
        event = EventFactory(capacity=None)
        for person in partners(5):
            assert answer(event, person).status == RsvpStatus.GOING

    def test_raising_the_capacity_moves_the_waiting_list_up(self, director):
        event = EventFactory(capacity=1)
        holder, waiting = partners(2)
        answer(event, holder)
        answer(event, waiting)
        services.change_capacity(event=event, capacity=2, acting_user=director)
        assert statuses(event)[waiting.email] == RsvpStatus.GOING

    @pytest.mark.parametrize(
        "who", ["anonymous", "user", "director_without_partner_rights_outside_request"]
    )
    def test_people_who_may_not_see_a_leadership_event_cannot_answer(self, request, who):
        event = EventFactory(
            kind=EventKind.LEADERSHIP_MEETING, visibility=EventVisibility.LEADERSHIP
        )
        person = {
            "anonymous": None,
            "user": request.getfixturevalue("user"),
            "director_without_partner_rights_outside_request": partners(1)[0],
        }[who]
        if person is None:
            from django.contrib.auth.models import AnonymousUser

            person = AnonymousUser()
        with pytest.raises(PermissionDenied):
            services.answer_event(event=event, user=person, going=True, acting_user=None)
        assert not Rsvp.objects.filter(event=event).exists()

    def test_a_past_or_unpublished_event_takes_no_answer(self):
        person = partners(1)[0]
        past = EventFactory(
            starts_at=timezone.now() - datetime.timedelta(days=2),
            ends_at=timezone.now() - datetime.timedelta(days=2, hours=-2),
        )
        proposed = EventFactory(status=EventStatus.PROPOSED)
        for event in (past, proposed):
            with pytest.raises(PermissionDenied):
                answer(event, person)

    def test_nobody_answers_for_someone_else_but_staff(self, director):
        event = EventFactory()
        person, other = partners(2)
        with pytest.raises(PermissionDenied):
            services.answer_event(event=event, user=person, going=True, acting_user=other)
        rsvp = services.answer_event(event=event, user=person, going=True, acting_user=director)
        assert rsvp.status == RsvpStatus.GOING


class TestProposals:
    def test_a_primary_contact_proposes_and_the_director_publishes_with_an_e_mail(
        self, organization, primary_contact, director, django_capture_on_commit_callbacks
    ):
        start = timezone.now() + datetime.timedelta(days=20)
        event = services.propose_event(
            organization=organization,
            acting_user=primary_contact,
            title="Open house",
            kind=EventKind.COMMUNITY_EVENT,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            visibility=EventVisibility.PUBLIC,
        )
        assert event.status == EventStatus.PROPOSED
        assert event.host == organization and event.proposed_by == primary_contact
        with django_capture_on_commit_callbacks(execute=True):
            services.publish_event(event=event, acting_user=director)
        event.refresh_from_db()
        assert event.status == EventStatus.PUBLISHED
        assert [m.to for m in mail.outbox] == [[primary_contact.email]]

    def test_staff_members_and_other_partners_cannot_propose(
        self, organization, staff_member, other_partner
    ):
        start = timezone.now() + datetime.timedelta(days=20)
        for person in (staff_member, other_partner):
            with pytest.raises(PermissionDenied):
                services.propose_event(
                    organization=organization,
                    acting_user=person,
                    title="Not allowed",
                    kind=EventKind.TRAINING,
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=1),
                )

    def test_the_director_declines_with_a_reason_e_mailed(
        self, organization, primary_contact, director, django_capture_on_commit_callbacks
    ):
        event = EventFactory(
            status=EventStatus.PROPOSED, host=organization, proposed_by=primary_contact
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.decline_event(event=event, acting_user=director, reason="Same day as summit")
        event.refresh_from_db()
        assert event.status == EventStatus.DECLINED
        assert "Same day as summit" in mail.outbox[0].body

    def test_only_staff_publish_or_decline(self, primary_contact):
        event = EventFactory(status=EventStatus.PROPOSED)
        with pytest.raises(PermissionDenied):
            services.publish_event(event=event, acting_user=primary_contact)
        with pytest.raises(PermissionDenied):
            services.decline_event(event=event, acting_user=primary_contact)

    def test_a_leadership_meeting_must_be_for_the_leadership(self, director):
        event = EventFactory.build(
            kind=EventKind.LEADERSHIP_MEETING, visibility=EventVisibility.PARTNERS
        )
        with pytest.raises(ValidationError) as refused:
            services.save_event(event=event, acting_user=director)
        assert "visibility" in refused.value.error_dict


class TestAttendanceAndMinutes:
    def test_the_director_records_attendance_and_people_trained(self, director):
        training = EventFactory(
            kind=EventKind.TRAINING,
            starts_at=timezone.now() - datetime.timedelta(days=1),
            ends_at=timezone.now() - datetime.timedelta(hours=20),
        )
        first, second, third = (OrganizationFactory() for _ in range(3))
        services.record_attendance(
            event=training, organizations=[first, second], people_trained=31, acting_user=director
        )
        services.record_attendance(
            event=training, organizations=[second, third], people_trained=32, acting_user=director
        )
        training.refresh_from_db()
        assert set(
            EventAttendance.objects.filter(event=training).values_list("organization", flat=True)
        ) == {second.pk, third.pk}
        assert training.people_trained == 32
        assert training.attendance_recorded_at is not None

    def test_attendance_waits_for_the_event_and_people_trained_for_trainings(self, director):
        future = EventFactory()
        with pytest.raises(ValidationError):
            services.record_attendance(event=future, organizations=[], acting_user=director)
        meeting = EventFactory(
            starts_at=timezone.now() - datetime.timedelta(days=1),
            ends_at=timezone.now() - datetime.timedelta(hours=20),
        )
        with pytest.raises(ValidationError):
            services.record_attendance(
                event=meeting, organizations=[], people_trained=3, acting_user=director
            )

    def test_partners_cannot_record_attendance_or_minutes(self, primary_contact):
        meeting = EventFactory(starts_at=timezone.now() - datetime.timedelta(hours=3))
        with pytest.raises(PermissionDenied):
            services.record_attendance(event=meeting, organizations=[], acting_user=primary_contact)
        with pytest.raises(PermissionDenied):
            services.set_minutes(event=meeting, text="x", acting_user=primary_contact)

    def test_a_minutes_pdf_is_checked_by_content_and_stored_outside_media_root(
        self, director, settings
    ):
        meeting = EventFactory()
        fake = SimpleUploadedFile("minutes.pdf", b"<script>alert(1)</script>" * 10)
        with pytest.raises(ValidationError):
            services.set_minutes(event=meeting, pdf=fake, acting_user=director)
        services.set_minutes(
            event=meeting,
            pdf=SimpleUploadedFile("minutes.pdf", MINIMAL_PDF),
            acting_user=director,
        )
        meeting.refresh_from_db()
        assert meeting.minutes_file.name.startswith("minutes/")
        from pathlib import Path

        stored = Path(settings.PRIVATE_MEDIA_ROOT) / meeting.minutes_file.name
        assert stored.read_bytes() == MINIMAL_PDF
        assert not str(stored).startswith(str(settings.MEDIA_ROOT))


class TestCalendarFeedToken:
    def test_reset_replaces_the_token(self, user):
        old = services.calendar_feed_for(user=user).token
        new = services.reset_calendar_feed(user=user, acting_user=user).token
        assert old != new
        assert not CalendarFeed.objects.filter(token=old).exists()

    def test_nobody_resets_someone_elses_feed(self, user):
        with pytest.raises(PermissionDenied):
            services.reset_calendar_feed(user=user, acting_user=UserFactory())
