"""The director's admin for events (saves through services, publish and decline, attendance and
minutes), the attendance page, the dashboard's panels and the evaluation's indicator."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from leadership.models import Event, EventAttendance, EventKind, EventStatus, EventVisibility
from tests.factories import MembershipFactory, OrganizationFactory
from tests.leadership.events.test_services import MINIMAL_PDF
from tests.leadership.factories import EventFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/leadership/event/"


def days_ago(days: int, **fields):
    starts = timezone.now() - datetime.timedelta(days=days)
    return EventFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), **fields)


def admin_data(event=None, **overrides):
    data = {
        "title": "Statewide coalition meeting",
        "kind": EventKind.COALITION_MEETING,
        "description": "",
        "starts_at": "2031-05-06T10:00",
        "ends_at": "2031-05-06T12:00",
        "host": "",
        "place_name": "Capitol annex",
        "address": "201 W Capitol Ave, Jefferson City, MO",
        "online_link": "",
        "visibility": EventVisibility.PARTNERS,
        "capacity": "",
        "status": EventStatus.PUBLISHED,
        "decline_reason": "",
        "people_trained": "",
        "minutes_text": "",
    }
    data.update(overrides)
    return data


def test_the_director_creates_an_event_in_the_admin(director_client):
    response = director_client.post(f"{CHANGELIST}add/", admin_data())
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert event.title == "Statewide coalition meeting"
    assert event.history.first().history_user is not None


def test_a_refused_save_keeps_what_was_typed_and_writes_nothing(director_client):
    data = admin_data(kind=EventKind.LEADERSHIP_MEETING, visibility=EventVisibility.PUBLIC)
    response = director_client.post(f"{CHANGELIST}add/", data)
    assert response.status_code == 200
    assert "A leadership meeting is for the leadership only." in response.text
    assert "Capitol annex" in response.text
    assert not Event.objects.exists()


def test_attendance_people_trained_and_minutes_are_recorded_from_the_admin(director_client):
    training = days_ago(2, kind=EventKind.TRAINING, title="Trauma-informed intake")
    first, second = OrganizationFactory(), OrganizationFactory()
    starts = timezone.localtime(training.starts_at).strftime("%Y-%m-%dT%H:%M")
    ends = timezone.localtime(training.ends_at).strftime("%Y-%m-%dT%H:%M")
    data = admin_data(
        title=training.title,
        kind=EventKind.TRAINING,
        starts_at=starts,
        ends_at=ends,
        people_trained="27",
        minutes_text="## Notes\n\nWell attended.",
        attending=[first.pk, second.pk],
        minutes_pdf=SimpleUploadedFile("m.pdf", MINIMAL_PDF, content_type="application/pdf"),
    )
    response = director_client.post(f"{CHANGELIST}{training.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    training.refresh_from_db()
    assert training.people_trained == 27
    assert training.minutes_file
    assert set(
        EventAttendance.objects.filter(event=training).values_list("organization", flat=True)
    ) == {first.pk, second.pk}


def test_a_fake_pdf_is_refused_with_the_form_kept(director_client):
    meeting = days_ago(2)
    starts = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M")
    ends = timezone.localtime(meeting.ends_at).strftime("%Y-%m-%dT%H:%M")
    data = admin_data(
        title=meeting.title,
        starts_at=starts,
        ends_at=ends,
        minutes_pdf=SimpleUploadedFile("m.pdf", b"MZ\x90\x00 not a pdf" * 10),
    )
    response = director_client.post(f"{CHANGELIST}{meeting.pk}/change/", data)
    assert response.status_code == 200
    assert "must be a PDF" in response.text
    meeting.refresh_from_db()
    assert not meeting.minutes_file


def test_publish_and_decline_actions(director_client, organization, primary_contact):
    proposed = [
        EventFactory(status=EventStatus.PROPOSED, host=organization, proposed_by=primary_contact)
        for _ in range(2)
    ]
    with_mail = director_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [proposed[0].pk]}
    )
    assert with_mail.status_code == 302
    director_client.post(CHANGELIST, {"action": "decline", "_selected_action": [proposed[1].pk]})
    assert dict(Event.objects.values_list("pk", "status")) == {
        proposed[0].pk: EventStatus.PUBLISHED,
        proposed[1].pk: EventStatus.DECLINED,
    }


def test_the_attendance_page_counts_each_organizations_meetings(director_client):
    regular, absent = (
        OrganizationFactory(name="Regular Partner"),
        OrganizationFactory(name="Absent Partner"),
    )
    for days in (30, 90, 200):
        meeting = days_ago(days)
        EventAttendance.objects.create(event=meeting, organization=regular)
    old = days_ago(400)  # more than a year ago: not counted
    EventAttendance.objects.create(event=old, organization=absent)
    days_ago(10, kind=EventKind.TRAINING)  # not a meeting
    response = director_client.get(f"{CHANGELIST}attendance/")
    rows = {row.name: (row.attended, row.held) for row in response.context["rows"]}
    assert rows["Regular Partner"] == (3, 3)
    assert rows["Absent Partner"] == (0, 3)
    assert "100.0%" in response.text


def test_the_dashboard_figures_equal_the_records(director_client):
    regular = OrganizationFactory(name="Regular Partner")
    OrganizationFactory(name="Absent Partner")
    for days in (20, 60):
        meeting = days_ago(days, attendance_recorded_at=timezone.now())
        EventAttendance.objects.create(event=meeting, organization=regular)
    days_ago(5, kind=EventKind.LEADERSHIP_MEETING, visibility=EventVisibility.LEADERSHIP)
    days_ago(500)
    days_ago(30, kind=EventKind.TRAINING, people_trained=12)
    days_ago(40, kind=EventKind.TRAINING, people_trained=30)
    EventFactory(status=EventStatus.PROPOSED)

    response = director_client.get("/admin/")
    panels = [panel for section in response.context["panels"].values() for panel in section]
    figures = {figure.label: figure for panel in panels for figure in panel.figures}
    assert figures["meetings held"].count == 3
    assert figures["trainings given"].count == 2
    assert figures["events proposed by partners, to publish or decline"].count == 1
    # Not recorded: the leadership meeting, the old meeting and the two trainings.
    assert figures["past meetings and trainings without attendance recorded"].count == 4
    for figure in figures.values():
        if "event" in figure.url:
            assert director_client.get(figure.url).context["cl"].result_count == figure.count
    state = next(panel for panel in panels if panel.title.startswith("Meetings and trainings"))
    assert state.note == "People trained: 42."
    rows = {row.cells[0]: row.cells[1:] for row in state.rows}
    assert rows["Absent Partner"] == ("0 of 3", "0%")
    assert rows["Regular Partner"] == ("2 of 3", "67%")


def test_the_evaluation_counts_meetings_trainings_and_people_trained_per_year(director_client):
    regular = OrganizationFactory()
    MembershipFactory(organization=regular)
    starts = datetime.datetime(2024, 4, 10, 15, tzinfo=datetime.UTC)
    for offset in (0, 30):
        meeting = EventFactory(
            starts_at=starts + datetime.timedelta(days=offset),
            ends_at=starts + datetime.timedelta(days=offset, hours=2),
        )
        EventAttendance.objects.create(event=meeting, organization=regular)
    EventFactory(
        kind=EventKind.TRAINING,
        people_trained=18,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
    )
    response = director_client.get("/admin/evaluation/")
    indicator = next(i for i in response.context["indicators"] if i.key == "meetings")
    row = next(row for row in indicator.rows if row[0] == "2024")
    assert row == ("2024", 2, 100.0, 1, 18)


def test_partners_cannot_reach_the_event_admin(client_as, primary_contact):
    assert client_as(primary_contact).get(f"{CHANGELIST}attendance/").status_code == 302
    assert not mail.outbox
