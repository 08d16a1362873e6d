"""The people forms: invitations and accepting one with a new account."""

import pytest

from partners.models import Role
from partners.people.forms import AcceptInvitationForm, InvitationForm

pytestmark = pytest.mark.django_db


def test_invitation_form_normalizes_email():
    form = InvitationForm(data={"email": " Sam@Example.ORG ", "role": Role.EXECUTIVE_LEADER})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["email"] == "sam@example.org"


def test_invitation_form_refuses_unknown_role():
    assert not InvitationForm(data={"email": "a@example.org", "role": "owner"}).is_valid()


def test_accept_form_applies_password_validators():
    form = AcceptInvitationForm(
        data={"full_name": "Sam", "password1": "password", "password2": "password"},
        email="sam@example.org",
    )
    assert not form.is_valid()
    assert "password1" in form.errors


def test_accept_form_refuses_password_like_the_email():
    form = AcceptInvitationForm(
        data={
            "full_name": "Sam",
            "password1": "samuel.example.org",
            "password2": "samuel.example.org",
        },
        email="samuel@example.org",
    )
    assert not form.is_valid()


def test_accept_form_accepts_a_strong_password():
    form = AcceptInvitationForm(
        data={
            "full_name": "Sam",
            "password1": "mellow quartz harbor",
            "password2": "mellow quartz harbor",
        },
        email="sam@example.org",
    )
    assert form.is_valid(), form.errors
