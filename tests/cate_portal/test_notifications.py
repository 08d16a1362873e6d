"""E-mail: rendered in the transaction, sent after commit, with a subject that cannot break."""

import pytest
from django.core import mail
from django.urls import reverse

from cate_portal.notifications import absolute_url, send_email_on_commit

pytestmark = pytest.mark.django_db


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_email_on_commit(
            subject="Hello",
            template="emails/contact_message.txt",
            context={"contact": {"name": "A", "email": "a@example.org", "message": "Hi"}},
            to=["coalition@example.org"],
        )
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_a_newline_in_a_subject_never_reaches_a_header(
    settings, django_capture_on_commit_callbacks
):
    # The forms refuse line breaks in names (cate_portal.text.validate_single_line); the subject
    # is flattened all the same, for text that reached the database some other way.
    with django_capture_on_commit_callbacks(execute=True):
        send_email_on_commit(
            subject="Contact form: Evil\r\nBcc: victim@example.org",
            template="emails/contact_message.txt",
            context={"contact": {"name": "Evil", "email": "evil@example.org", "message": "Hi"}},
            to=[settings.COALITION_EMAIL],
        )
    (message,) = mail.outbox
    assert message.subject == "[CATE] Contact form: Evil Bcc: victim@example.org"
    assert message.bcc == []
    assert message.to == [settings.COALITION_EMAIL]


def test_a_newline_typed_into_a_name_is_refused_before_any_e_mail(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("contact"),
            {
                "name": "Evil\r\nBcc: victim@example.org",
                "email": "evil@example.org",
                "organization": "",
                "message": "Hello",
            },
        )
    assert response.status_code == 200
    assert "Keep this on one line" in response.context["form"].errors["name"][0]
    assert mail.outbox == []


def test_links_in_e_mails_use_the_configured_site_address(settings):
    settings.SITE_URL = "https://portal.example.org/"
    assert absolute_url("/portal/") == "https://portal.example.org/portal/"
