"""Staff clearance: the one place that decides whether a request may see coalition staff data.

Issue 10, rule 9: a staff account sees "coalition staff only" fields, live vote counts and the
partners that have not voted only in a session that passed two-factor sign-in. Until then it is
what it otherwise is: a partner if it has a current membership of an active organization, else
the public. Every page asks `has_staff_clearance(request)` (through
`partners.visibility.viewer_for_request` and leadership's permissions); the admin asks it in
`cate_portal.middleware.StaffTwoFactorRequiredMiddleware`.

How a session "passed two-factor sign-in": allauth keeps a record of every authentication step
of the session (`allauth.account.authentication.get_authentication_records`); a record with the
method "mfa" is written when an authenticator code (or a recovery code) was accepted in it, at
sign-in or when confirming access again. `force_login`, a password alone, a password reset and
setting up an authenticator write none.

E-mails and exports built outside a request (cron, management commands) have no session: they
keep deciding from `user.is_staff` (`partners.visibility.viewer_for`).
"""

from typing import Any

from allauth.account.authentication import get_authentication_records

from cate_portal.actors import is_staff

SECOND_FACTOR_METHOD = "mfa"


def passed_second_factor(request: Any) -> bool:
    """Whether the signed-in person of this request passed a second factor in this session."""
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if getattr(request, "session", None) is None:
        return False
    return any(
        isinstance(record, dict) and record.get("method") == SECOND_FACTOR_METHOD
        for record in get_authentication_records(request, user)
    )


def has_staff_clearance(request: Any) -> bool:
    """Coalition staff (an active account with `is_staff`) in a session that passed a second
    factor: the only way to see coalition staff data on a page."""
    return is_staff(getattr(request, "user", None)) and passed_second_factor(request)
