"""No secret and no personal data in any log line (cate_portal/logs.py).

The flows that carry a working token in their address (invitations, application status links,
password reset, e-mail confirmation) are driven to success and to failure (403, 404, CSRF,
wrong token), with sign-in failures and a crash; then every captured record, as the test's
capture shows it and as the portal's JSON handler writes it, is searched for the tokens, the
e-mail addresses, the street address and the phone numbers used.
"""

import json
import logging
import re

import pytest
from django.core import mail
from django.test import Client

from cate_portal.logs import scrub
from partners.models import Role
from partners.people import services as people_services
from tests.cate_portal.test_request_logs import SECRET_ADDRESS, json_line
from tests.factories import PASSWORD, UserFactory, application_form_data

pytestmark = pytest.mark.django_db

INVITEE = "new.person@private.example.org"
MEMBER = "member.person@private.example.org"
NEW_ADDRESS = "second.address@private.example.org"
APPLICANT = "robin@northland.example.org"
PHONES = ("(816) 555-0199", "(816) 555-0134", "+18165550199", "8165550199", "816-555-0199")


def everything_logged(caplog) -> str:
    return caplog.text + "\n".join(json.dumps(json_line(r)) for r in caplog.records)


def link(message, prefix: str) -> str:
    match = re.search(rf"https?://[^/\s]+({re.escape(prefix)}[^\s]+)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def drive_invitation(organization, primary_contact, other_partner, commit) -> list[str]:
    with commit():
        invitation = people_services.invite_person(
            organization=organization,
            acting_user=primary_contact,
            email=INVITEE,
            full_name="Robin Avery",
            role=Role.STAFF,
        )
    url = f"/invitations/{invitation.token}/"
    wrong_user = Client()
    wrong_user.force_login(other_partner)
    assert wrong_user.get(url).status_code == 403  # Django logs "Forbidden: <path>"
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url, {"full_name": "Robin Avery"}).status_code == 403  # CSRF
    assert Client().get(url + f"?email={INVITEE}").status_code == 200
    accepted = Client().post(
        url,
        {
            "full_name": "Robin Avery",
            "password1": "a lantern over the river",
            "password2": "a lantern over the river",
        },
    )
    assert accepted.status_code == 302
    assert Client().get(url).status_code == 410  # used: "Gone: <path>"
    assert Client().get("/invitations/" + "A1b2C3d4" * 5 + "/").status_code == 404
    return [invitation.token]


def drive_application(commit) -> list[str]:
    applicant = Client()
    with commit():
        assert applicant.post("/apply/", application_form_data()).status_code == 302
    [to_applicant] = [m for m in mail.outbox if m.to == [APPLICANT]]
    url = link(to_applicant, "/apply/status/")
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert applicant.get(url).status_code == 200
    assert Client(enforce_csrf_checks=True).post(url, {"action": "withdraw"}).status_code == 403
    wrong = url.replace(token[:10], "Zz9Yy8Xx7W")
    assert applicant.get(wrong + f"?contact={APPLICANT}").status_code == 404
    with commit():
        assert applicant.post(url, {"action": "withdraw", "note": APPLICANT}).status_code == 302
    return [token]


def drive_password_reset(member, commit) -> list[str]:
    mail.outbox.clear()
    client = Client()
    with commit():
        client.post("/accounts/password/reset/", {"email": MEMBER})
    url = link(mail.outbox[-1], "/accounts/password/reset/key/")
    key = url.rstrip("/").rsplit("/", 1)[1]
    set_password = client.get(url)
    assert set_password.status_code == 302
    new = "another lantern over the river"
    done = client.post(set_password["Location"], {"password1": new, "password2": new})
    assert done.status_code == 302
    assert Client().get(url).status_code == 200  # used: allauth's "bad token" page
    return [key, key.split("-", 1)[1]]


def drive_email_confirmation(commit) -> list[str]:
    UserFactory(email=NEW_ADDRESS, verified=False)
    mail.outbox.clear()
    client = Client()
    with commit():  # an unverified address signing in is sent a confirmation link
        client.post("/accounts/login/", {"login": NEW_ADDRESS, "password": PASSWORD})
    url = link(mail.outbox[-1], "/accounts/confirm-email/")
    key = url.rstrip("/").rsplit("/", 1)[1]
    assert client.get(url).status_code == 200
    assert Client(enforce_csrf_checks=True).post(url).status_code == 403
    assert client.post(url).status_code == 302
    assert Client().get("/accounts/confirm-email/" + key[::-1] + "/").status_code in (200, 404)
    return [key]


def drive_failed_sign_ins() -> None:
    client = Client()
    for _ in range(7):  # past allauth's rate limit for the account
        client.post("/accounts/login/", {"login": MEMBER, "password": "wrong password 1"})
    Client().post("/accounts/login/", {"login": APPLICANT, "password": PASSWORD})


def test_no_token_or_personal_data_in_any_log_line(
    logs, organization, primary_contact, other_partner, django_capture_on_commit_callbacks
):
    def commit():
        return django_capture_on_commit_callbacks(execute=True)

    member = UserFactory(email=MEMBER)
    organization.street_address = SECRET_ADDRESS
    organization.public_phone = "+18165550199"
    organization.save()
    secrets = [
        *drive_invitation(organization, primary_contact, other_partner, commit),
        *drive_application(commit),
        *drive_password_reset(member, commit),
        *drive_email_confirmation(commit),
    ]
    drive_failed_sign_ins()

    logged = everything_logged(logs)
    # The flows were logged (by Django and by the request log), only without their secrets.
    assert "Forbidden: /invitations/[token]/" in logged
    assert "Forbidden (CSRF cookie not set.): /invitations/[token]/" in logged
    assert "Not Found: /apply/status/[token]/" in logged
    assert '"path": "/accounts/password/reset/key/[token]/"' in logged
    assert '"path": "/accounts/confirm-email/[token]/"' in logged
    assert logged.count('"path": "/accounts/login/"') >= 9
    for secret in secrets:
        assert secret not in logged
    for address in (INVITEE, MEMBER, NEW_ADDRESS, APPLICANT, primary_contact.email):
        assert address not in logged
    assert "@" not in logged.replace("[email]", "")
    assert SECRET_ADDRESS not in logged
    for phone in PHONES:
        assert phone not in logged


@pytest.mark.parametrize(
    ("text", "kept", "removed"),
    [
        (
            "Forbidden: /invitations/abc123DEF456ghi789JKL0/",
            "Forbidden: /invitations/[token]/",
            "abc123",
        ),
        ("Not Found: /apply/status/x/?a=1", "Not Found: /apply/status/[token]/", "a=1"),
        ('"GET /partners/?q=rolla HTTP/1.1" 200', '"GET /partners/ HTTP/1.1" 200', "rolla"),
        ("GET /calendar/feed/Zx81kPq0Lm3nB7vC2dE9fG/", "/calendar/feed/[token]/", "Zx81"),
        ("/partners/scale-partner-0001/", "/partners/scale-partner-0001/", "[token]"),
        ("mail Casey.Doe+x@Mail.Example.ORG now", "mail [email] now", "Casey"),
        ("call (573) 555-0123 or +15735550123", "call [phone] or [phone]", "555"),
        ("at 4242 Sentinel Confidential Way, Rolla", "at [address], Rolla", "Sentinel"),
        (
            "DETAIL:  Failing row contains (7, Safe Harbor, 12 Elm St, j@x.org).\nSTATEMENT",
            "Failing row contains (withheld from the log).\nSTATEMENT",
            "Harbor",
        ),
        (
            "DETAIL:  Key (email)=(jo@x.org) already exists.",
            "Key (email)=(withheld) already exists.",
            "jo",
        ),
    ],
)
def test_scrub_keeps_what_helps_and_removes_what_harms(text, kept, removed):
    scrubbed = scrub(text)
    assert kept in scrubbed
    assert removed not in scrubbed
    assert scrub(scrubbed) == scrubbed


def test_an_exception_s_message_is_scrubbed_in_its_traceback(logs):
    try:
        raise ValueError(f"row for {APPLICANT}, {SECRET_ADDRESS}, (816) 555-0199")
    except ValueError:
        logging.getLogger("cate_portal.tests").exception("failed for %s", APPLICANT)
    logged = everything_logged(logs)
    assert "ValueError: row for [email], [address], [phone]" in logged
    assert APPLICANT not in logged and SECRET_ADDRESS not in logged


def test_a_foreign_handler_sees_scrubbed_records_too():
    """Records are scrubbed when they are made, so a handler added later (an error tracker,
    gunicorn's) never receives the raw text."""
    seen = []
    handler = logging.Handler()
    handler.emit = lambda record: seen.append(record.getMessage())
    logger = logging.getLogger("cate_portal.tests.foreign")
    logger.addHandler(handler)
    try:
        logger.warning("Forbidden: %s", "/invitations/abc123DEF456ghi789JKL0/?e=jo@x.org")
    finally:
        logger.removeHandler(handler)
    assert seen == ["Forbidden: /invitations/[token]/"]


def test_a_record_that_cannot_be_scrubbed_is_withheld_not_written_nor_raised(logs):
    class Unprintable:
        def __str__(self):
            raise RuntimeError(f"{APPLICANT} inside")

    logging.getLogger("cate_portal.tests").warning(Unprintable())
    [record] = [r for r in logs.records if r.name == "cate_portal.tests"]
    assert record.getMessage() == "[log record withheld: it could not be scrubbed]"
    assert APPLICANT not in everything_logged(logs)
