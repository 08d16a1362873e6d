"""The portal's logs: one JSON object per line, and no personal data or secret in any of them.

Every log record is scrubbed twice over, so no path skips it:

- when it is created (a log record factory installed by ``configure_logging``): its message,
  with its arguments merged in, and its exception's traceback are scrubbed, so every handler
  sees the scrubbed text, Django's and the test suite's included;
- by ``ScrubFilter`` on every handler of ``settings.LOGGING``: the same, plus the ``request``
  that Django attaches to its records (``django.request``, ``django.security.csrf``), which would
  otherwise be written with its query string.

What scrubbing removes (``scrub``):

- a link's secret: the path segment after ``/invitations/``, ``/apply/status/``,
  ``/accounts/password/reset/key/`` and ``/accounts/confirm-email/`` becomes ``[token]``, and
  so does any other path segment that looks random (20 or more letters, digits, ``-_:`` with
  at least three digits and three letters), such as a future calendar feed's key;
- query strings after a path (``/partners/?q=...`` becomes ``/partners/``);
- e-mail addresses (``[email]``), phone numbers written the American way or in E.164
  (``[phone]``), and street addresses of the form "4242 Elm Street" (``[address]``);
- the values PostgreSQL repeats in its constraint errors ("Failing row contains (...)",
  "Key (email)=(...)"), which would copy a whole row into the log.

The request ID of the request being served (``cate_portal.middleware.RequestLogMiddleware``)
is added to every record as ``request_id`` (so no call may pass ``extra={"request_id": ...}``),
and a traceback is found from the ID shown on the 500 page.
"""

import contextvars
import logging
import logging.config
import re
from typing import Any

#: The ID of the request being served in this thread or task, or None outside a request.
current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "current_request_id", default=None
)

#: Paths whose next segment is a secret: invitation links, application status links, allauth's
#: password-reset and e-mail confirmation keys.
TOKEN_PATH_PREFIXES = (
    "/invitations/",
    "/apply/status/",
    "/accounts/password/reset/key/",
    "/accounts/confirm-email/",
)
TOKEN = "[token]"  # noqa: S105 # nosec B105: a placeholder written instead of a token

_KNOWN_TOKEN = re.compile(
    "(" + "|".join(re.escape(prefix) for prefix in TOKEN_PATH_PREFIXES) + r")[^/\s?#'\"<>]+"
)
# A segment that looks random: long, and mixing letters and digits (slugs like
# "scale-partner-0001" are shorter or have fewer digits).
_RANDOM_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_\-:.=]{20,}(?=[/?#\s'\"<>]|$)")
_QUERY_AFTER_PATH = re.compile(r"(/[^\s?#'\"<>]*)[?#][^\s'\"<>]*")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(
    r"(?<![\w+])(?:\+?1[\s.\-]?)?\(?\d{3}\)?[\s.\-]\d{3}[\s.\-]\d{4}(?!\d)"  # (573) 555-0123
    r"|\+\d{10,15}(?!\d)"  # E.164, as phonenumber_field stores it
)
_STREET = re.compile(
    r"\b\d{1,6}(?:\s+[A-Z][A-Za-z.']*){1,5}\s+"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Way|Drive|Dr|Lane|Ln|Boulevard|Blvd|Court|Ct|Place|Pl"
    r"|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Terrace|Trail|Square|Sq)\b\.?"
)
_FAILING_ROW = re.compile(r"Failing row contains \(.*?\)\.?(?=\n|$)", re.DOTALL)
_KEY_VALUES = re.compile(r"(Key \([^)]*\)=)\(.*?\)(?= already exists| is not present|\n|$)")


def _looks_random(segment: str) -> bool:
    digits = sum(ch.isdigit() for ch in segment)
    letters = sum(ch.isalpha() for ch in segment)
    return digits >= 3 and letters >= 3


def scrub_path(path: str) -> str:
    """A path fit for a log: no query string, no secret segment (see the module's docstring)."""
    return scrub(path.split("?", 1)[0].split("#", 1)[0])


def scrub(text: str) -> str:
    """`text` without secrets, query strings or personal data (see the module's docstring).

    Idempotent: scrubbing scrubbed text changes nothing.
    """
    if not text:
        return text
    text = _FAILING_ROW.sub("Failing row contains (withheld from the log).", text)
    text = _KEY_VALUES.sub(r"\1(withheld)", text)
    text = _KNOWN_TOKEN.sub(lambda match: match.group(1) + TOKEN, text)
    text = _RANDOM_SEGMENT.sub(
        lambda match: TOKEN if _looks_random(match.group(0)) else match.group(0), text
    )
    text = _QUERY_AFTER_PATH.sub(r"\1", text)
    text = _EMAIL.sub("[email]", text)
    text = _PHONE.sub("[phone]", text)
    return _STREET.sub("[address]", text)


def scrub_record(record: logging.LogRecord) -> logging.LogRecord:
    """Scrubs `record` in place: its message (arguments merged in), its exception's traceback
    (kept as text; the exception object itself is dropped, since its arguments may hold a row)
    and Django's ``request`` attribute (reduced to its method and scrubbed path)."""
    try:
        message = record.getMessage()
    except Exception:  # a malformed call: keep what logging would have shown
        message = str(record.msg)
    record.msg, record.args = scrub(message), None
    if record.exc_info:
        if not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_info = None
    if record.exc_text:
        record.exc_text = scrub(record.exc_text)
    if record.stack_info:
        record.stack_info = scrub(record.stack_info)
    request = record.__dict__.get("request")
    if request is not None and not isinstance(request, str):
        method, path = getattr(request, "method", None), getattr(request, "path", None)
        record.request = f"{method} {scrub_path(path)}" if method and path else None
    return record


class ScrubFilter(logging.Filter):
    """A handler filter that scrubs every record it lets through (``scrub_record``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        scrub_record(record)
        return True


_base_factory = logging.getLogRecordFactory()


WITHHELD = "[log record withheld: it could not be scrubbed]"


def _scrubbing_record_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
    record = _base_factory(*args, **kwargs)
    try:
        scrub_record(record)
    except Exception:
        # Never let logging break the request, and never write what could not be checked.
        record.msg, record.args, record.exc_info, record.exc_text = WITHHELD, None, None, None
    record.request_id = current_request_id.get()
    return record


def configure_logging(config: dict) -> None:
    """``LOGGING_CONFIG``: installs the scrubbing record factory, then applies `config`."""
    logging.setLogRecordFactory(_scrubbing_record_factory)
    logging.config.dictConfig(config)


def logging_settings(level: str) -> dict:
    """``settings.LOGGING``: one console handler writing JSON lines, scrubbed, for everything.

    Django's own loggers lose the handlers of its default configuration and propagate to the
    root's: its ``mail_admins`` handler would e-mail whole requests (POST data included), and
    ``django.server`` (runserver) would print request lines with their query strings.
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"scrub": {"()": "cate_portal.logs.ScrubFilter"}},
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(levelname)s %(name)s %(message)s",
                "rename_fields": {"levelname": "level", "name": "logger"},
                "timestamp": "time",
            },
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "filters": ["scrub"],
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django": {"handlers": [], "level": "INFO", "propagate": True},
            "django.server": {"handlers": [], "level": "INFO", "propagate": True},
            "django.db.backends": {"level": "INFO"},
        },
    }
