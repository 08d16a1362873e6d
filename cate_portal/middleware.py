"""Site-wide request rules that no single view owns."""

import logging
import re
import time
import uuid
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

from cate_portal.logs import current_request_id, scrub_path
from cate_portal.mfa import passed_second_factor

request_logger = logging.getLogger("cate_portal.requests")

REQUEST_ID_HEADER = "X-Request-ID"
#: An incoming X-Request-ID (set by the proxy) is kept only when it is this plain: anything else
#: could smuggle text into the logs, or be a value chosen to collide with another request's.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]{7,63}")
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"})

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


class RequestLogMiddleware:
    """One log line per request, and a request ID on every response.

    The ID is the proxy's ``X-Request-ID`` when it matches ``SAFE_REQUEST_ID``, else a new
    random one (32 hex digits). It is returned in the ``X-Request-ID`` header, kept on the
    request (``request.request_id``, shown on the 500 page) and added to every log record
    written while the request is served (``cate_portal.logs``).

    The line is written by the ``cate_portal.requests`` logger at INFO with the fields
    ``request_id``, ``method`` (an unusual method is logged as ``OTHER``), ``path`` (without
    its query string, secret segments replaced, ``cate_portal.logs.scrub_path``), ``status``,
    ``duration_ms`` (a float, milliseconds from this middleware's start to its end) and
    ``user_id`` (the account's primary key, or null), and nothing else about the person.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if SAFE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        reset_token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            request_logger.info(
                "request",
                extra={
                    "method": request.method if request.method in _METHODS else "OTHER",
                    "path": scrub_path(request.path),
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": _user_id(request),
                },
            )
            return response
        finally:
            current_request_id.reset(reset_token)


def _user_id(request) -> int | None:
    user = getattr(request, "user", None)
    try:
        return user.pk if user is not None and user.is_authenticated else None
    except Exception:  # the session could not be read (database down): the line is still written
        return None
