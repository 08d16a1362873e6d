"""Who acted: one convention for every change the portal records, in every app.

- `acting_user` is the signed-in person who asked for a change, or `None` for the system:
  management commands, cron jobs, demo data and data migrations. Views always pass
  `request.user`; nothing else is ever passed for "nobody".
- django-simple-history keeps who made each change (`history_user`). A change made by the
  system is recorded with no user and the change reason `SYSTEM_REASON`, so "the system" is
  written down rather than guessed from a missing user.
- Staff-only changes ask `require_staff`: coalition staff, or the system.
"""

from typing import Any

from django.core.exceptions import PermissionDenied

SYSTEM = None
SYSTEM_REASON = "By the system (no person acted)"
STAFF_ONLY_MESSAGE = "Only the Coalition Director may {action}."


def is_person(acting_user: Any) -> bool:
    """True for a signed-in, active account; False for the system (None) and anyone else."""
    return bool(
        acting_user is not None
        and getattr(acting_user, "is_authenticated", False)
        and acting_user.is_active
    )


def is_staff(acting_user: Any) -> bool:
    """Coalition staff (the Coalition Director): an active account with `is_staff`."""
    return is_person(acting_user) and bool(acting_user.is_staff)


def require_staff(acting_user: Any, *, action: str = "do this") -> None:
    """Lets coalition staff and the system (`None`) through.

    Raises PermissionDenied("Only the Coalition Director may <action>.") for anyone else:
    an anonymous visitor, an inactive account, a partner.
    """
    if acting_user is SYSTEM:
        return
    if not is_staff(acting_user):
        raise PermissionDenied(STAFF_ONLY_MESSAGE.format(action=action))


def record_actor(instance: Any, acting_user: Any) -> None:
    """Marks who makes the next save of `instance`, for its simple-history record.

    Set explicitly in both cases: otherwise simple-history would take the user of the request
    being served, which for a system step run inside a request is not who acted. A person's
    save drops the system's reason an earlier system step left on the same instance.
    """
    if acting_user is SYSTEM:
        instance._history_user = None
        instance._change_reason = SYSTEM_REASON
    else:
        instance._history_user = acting_user
        if instance.__dict__.get("_change_reason") == SYSTEM_REASON:
            del instance._change_reason
