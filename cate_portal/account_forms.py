"""django-allauth's account forms with the site's form conventions (form_conventions.py):
messages naming their field, optional fields marked. Wired by ACCOUNT_FORMS in settings."""

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _

from cate_portal.form_conventions import ConventionsMixin

_EMAIL = _("your e-mail address")


class LoginForm(ConventionsMixin, allauth_forms.LoginForm):
    field_names = {"login": _EMAIL, "password": _("your password")}


class ResetPasswordForm(ConventionsMixin, allauth_forms.ResetPasswordForm):
    field_names = {"email": _EMAIL}


class ResetPasswordKeyForm(ConventionsMixin, allauth_forms.ResetPasswordKeyForm):
    field_names = {"password1": _("a new password"), "password2": _("the new password again")}


class ChangePasswordForm(ConventionsMixin, allauth_forms.ChangePasswordForm):
    field_names = {
        "oldpassword": _("your current password"),
        "password1": _("a new password"),
        "password2": _("the new password again"),
    }


class SetPasswordForm(ConventionsMixin, allauth_forms.SetPasswordForm):
    field_names = {"password1": _("a new password"), "password2": _("the new password again")}


class AddEmailForm(ConventionsMixin, allauth_forms.AddEmailForm):
    field_names = {"email": _("the new e-mail address")}


class ChangeEmailForm(ConventionsMixin, allauth_forms.ChangeEmailForm):
    field_names = {"email": _("the new e-mail address")}


class ReauthenticateForm(ConventionsMixin, allauth_forms.ReauthenticateForm):
    field_names = {"password": _("your password")}
