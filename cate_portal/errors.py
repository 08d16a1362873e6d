"""The error pages of last resort: a backend that is down answers a clean 503, not a 500.

Django calls ``handler500`` (set in the root URLconf) for every exception no view or middleware
handled, still inside the ``except`` block, so the exception is known here. When it means that
PostgreSQL or Redis cannot be reached (``unavailable_backend``), the visitor gets
``templates/503.html`` with ``Retry-After``; nothing is retried here: the next request finds the
backend again by itself (``CONN_HEALTH_CHECKS`` drops a dead database connection, redis-py's pool
reconnects). Both pages are rendered without the request's context processors: they must not
reach for the session, the user or the database that may be the cause of the failure.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from cate_portal import http

#: Errors meaning "a backend is unreachable right now" (a restart, a network cut, a timeout),
#: as opposed to a bug: PostgreSQL's (through Django's wrappers) and Redis's.
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)
#: Seconds a client is asked to wait before trying again.
RETRY_AFTER_SECONDS = 10


def unavailable_backend(error: BaseException | None) -> bool:
    """Whether `error`, or an exception it was raised from or during, says a backend is down."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, UNAVAILABLE_ERRORS):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def service_unavailable(request_id: str = "") -> HttpResponse:
    """The 503 answer: the static page (with the request's ID, when known), `Retry-After`, and
    never stored by any cache."""
    response = HttpResponse(
        loader.render_to_string("503.html", {"request_id": request_id}), status=503
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, template_name: str = "500.html") -> HttpResponse:
    """``handler500``: a 503 when a backend is unreachable, else the ordinary 500 page with the
    request's ID (`cate_portal.http.server_error`)."""
    if unavailable_backend(sys.exc_info()[1]):
        return service_unavailable(getattr(request, "request_id", ""))
    return http.server_error(request, template_name)
