"""Site-wide request rules that no single view owns."""

from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

from cate_portal.mfa import passed_second_factor

STAFF_TOTP_REQUIRED_MESSAGE = (
    "Staff accounts must use two-factor authentication. Set up an authenticator app to "
    "continue to the admin."
)
STAFF_SECOND_FACTOR_REQUIRED_MESSAGE = (
    "The admin shows coalition staff data: enter a code from your authenticator app to continue."
)


class StaffTwoFactorRequiredMiddleware:
    """Staff reach the admin only in a session that passed two-factor sign-in.

    A signed-in staff member without an authenticator app is sent to set one up; one who has
    an app but whose session did not pass it (a password alone, or the app was set up in this
    session) is asked for a code (allauth's "confirm access" with the app), then comes back.
    Only the admin is guarded: the account and two-factor pages live outside it, so the person
    can always reach them; the admin's sign-out is always allowed. Anonymous visitors are left
    to the admin, which hands them to the site's sign-in (``secure_admin_login``), where a TOTP
    code is asked for whenever one is set up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._guards(request):
            if not is_mfa_enabled(request.user, [Authenticator.Type.TOTP]):
                messages.warning(request, STAFF_TOTP_REQUIRED_MESSAGE)
                return redirect("mfa_activate_totp")
            if not passed_second_factor(request):
                messages.warning(request, STAFF_SECOND_FACTOR_REQUIRED_MESSAGE)
                query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
                return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _guards(request) -> bool:
        user = request.user
        return (
            user.is_authenticated
            and user.is_staff
            and request.path.startswith(reverse("admin:index"))
            and request.path != reverse("admin:logout")
        )


class PrivatePagesNotCachedMiddleware:
    """Pages served to a signed-in person may carry partners-only or staff-only fields: no
    shared cache (a proxy, a CDN) may keep them, and no browser may store them on disk."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
