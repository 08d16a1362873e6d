"""/contact/: messages are stored and e-mailed to the coalition; bots and mistakes are handled."""

import pytest
from django.conf import settings
from django.core import mail

from cate_portal.models import ContactMessage

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Dana Rivers",
    "email": "dana@example.org",
    "organization": "Ozark Family Services",
    "message": "We would like to learn how to join the coalition.",
}


def test_contact_page_has_labelled_fields_for_name_email_organization_message(client):
    html = client.get("/contact/").content.decode()

    for field in ("name", "email", "organization", "message"):
        assert f'for="id_{field}"' in html
        assert f'id="id_{field}"' in html


def test_valid_message_is_stored_and_emailed_once_to_the_coalition(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", VALID, follow=True)

    assert response.redirect_chain == [("/contact/", 302)]
    assert "your message has reached the coalition" in response.content.decode()
    stored = ContactMessage.objects.get()
    assert (stored.name, stored.email, stored.organization, stored.message) == (
        VALID["name"],
        VALID["email"],
        VALID["organization"],
        VALID["message"],
    )
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [settings.COALITION_EMAIL]
    assert "Dana Rivers" in email.subject
    assert VALID["message"] in email.body
    assert "dana@example.org" in email.body
    assert "Ozark Family Services" in email.body


def test_email_is_sent_only_after_the_message_is_committed(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post("/contact/", VALID)

    assert mail.outbox == []
    assert len(callbacks) == 1


def test_invalid_message_keeps_what_was_typed_and_lists_errors_at_top_and_beside_fields(
    client, django_capture_on_commit_callbacks
):
    typed = {**VALID, "name": "", "email": "not-an-address"}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", typed)

    assert response.status_code == 200
    assert ContactMessage.objects.count() == 0
    assert mail.outbox == []
    html = response.content.decode()
    summary_start = html.index('id="error-summary"')
    summary = html[summary_start : html.index("</ul>", summary_start)]
    assert 'href="#id_name" data-field="id_name">Enter your name</a>' in summary
    assert 'href="#id_email"' in summary
    # Beside each field, tied to it for screen readers.
    assert 'aria-describedby="id_name_error"' in html
    assert 'id="id_email_error"' in html
    assert html.index(summary) < html.index('id="id_email_error"')
    # What was typed is still there.
    assert 'value="not-an-address"' in html
    assert 'value="Ozark Family Services"' in html
    assert VALID["message"] in html


def test_filled_honeypot_stores_nothing_and_gives_the_same_answer(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/contact/", {**VALID, "website": "http://spam.example"}, follow=True
        )

    assert ContactMessage.objects.count() == 0
    assert mail.outbox == []
    assert response.redirect_chain == [("/contact/", 302)]
    assert "your message has reached the coalition" in response.content.decode()


def test_honeypot_is_hidden_from_people_and_assistive_technology(client):
    html = client.get("/contact/").content.decode()

    start = html.index('class="honeypot"')
    honeypot = html[html.rindex("<div", 0, start) : html.index("</div>", start)]
    assert 'aria-hidden="true"' in honeypot
    assert 'tabindex="-1"' in honeypot
    assert 'autocomplete="off"' in honeypot


def test_overlong_message_is_refused_without_error_page(client):
    response = client.post("/contact/", {**VALID, "message": "x" * 5001})

    assert response.status_code == 200
    assert ContactMessage.objects.count() == 0
    assert "Your message must be 5000 characters or fewer" in response.content.decode()
