"""Site-wide request rules that no single view owns."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

STAFF_TOTP_REQUIRED_MESSAGE = (
    "Staff accounts must use two-factor authentication. Set up an authenticator app to "
    "continue to the admin."
)


class StaffTwoFactorRequiredMiddleware:
    """Send a signed-in staff member without an authenticator app to set one up.

    Only the admin is guarded: the account and two-factor pages live outside it, so the
    person can always reach the setup page. Anonymous visitors are left to the admin, which
    hands them to the site's sign-in (``secure_admin_login``), where a TOTP code is asked for
    whenever one is set up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up_totp(request):
            messages.warning(request, STAFF_TOTP_REQUIRED_MESSAGE)
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _must_set_up_totp(request) -> bool:
        user = request.user
        return (
            user.is_authenticated
            and user.is_staff
            and request.path.startswith(reverse("admin:index"))
            and not is_mfa_enabled(user, [Authenticator.Type.TOTP])
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
