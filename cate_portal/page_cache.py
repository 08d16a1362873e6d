"""Public pages served to anonymous visitors from the shared cache, renewed by every data change.

Rendering (long selects, the 115-county forms, crispy templates), not SQL, is what the public
pages spend their time on (docs/performance.md), and for the anonymous public a page depends
only on its address, the language and the data. So a view decorated with ``cache_public_page``
keeps its rendered page in the default cache (Redis in production, shared by every instance),
stamped with the data version it was rendered under, and serves it only while that is still the
current version (both read in one round trip, ``get_many``):

- the data version is a counter in the same cache, bumped by every save, delete or many-to-many
  change of a model of the portal's apps (``cate_portal``, ``partners``, ``leadership``) and of
  django.contrib.auth's groups and permissions,
  once inside the writing transaction and once again when it commits. Any change therefore
  retires every cached page at once, on every instance; a request rendering between the two
  bumps stamps its page with a version that the commit retires.

The key is made of the language (``translation.get_language()``), the host, the path, the
query string and today's date in the portal's time zone (pages that say what is upcoming change
with the day); entries live ``PUBLIC_PAGE_CACHE_SECONDS`` at most (0 turns the cache off, as
the test settings do except in the tests of this module: other tests count a page's queries).

Writes that bypass the signals (``bulk_create``, ``QuerySet.update``: the demo data's bulk
loading, a restore by ``import_coalition``) must call ``bump_version()`` or
``bump_after_commit()`` themselves.

Only pages for visitors who are certainly anonymous and have nothing pending are served or
stored: a GET without a session cookie (signed-in people always have one, so their pages never
reach the shared cache) and without a messages cookie. Per-visitor parts are never shared: the
CSRF token of each form and the CSP nonce are stored as placeholders and filled in for each
request with that visitor's own (``get_token`` also sets their CSRF cookie). A response that
sets a cookie, shows a message added while it rendered, or is not a 200, is not stored.

When the cache cannot be reached, a page is rendered as if it were not cached; a write whose
version bump fails inside its transaction is rolled back (a clean 503, cate_portal/errors.py),
so no change can commit while pages showing the old data could survive it.

A page that changes with the clock alone (upcoming events drop off when they end) tells the
cache when with ``page_changes_at(request, moment)``: its entry lives no longer than that.

**Signed-in pages** (``cache_private_page``) are never put in the shared cache. Each worker
process keeps its own copies (the ``private_pages`` cache alias, a ``LocMemCache`` that the
deploy check cate_portal.E004 keeps per process), for ``PRIVATE_PAGE_CACHE_SECONDS`` at most,
under the same data version: any change of the watched data retires them at once, on every
worker and instance. The key holds the user, the session's key and a digest of everything in
the session (the sign-in and two-factor records, the password hash...), the address, the
language and the day; a request with a pending message is neither served from nor put in the
cache, and a response that changed the session, set a cookie, showed a message or is not a 200
is not kept. What changes with the clock alone (a vote closing, an invitation expiring) shows
at most that many seconds late; every action is checked again by its service when it is taken.
"""

import datetime
import functools
import hashlib
import json
import logging
import re
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

from cate_portal.errors import UNAVAILABLE_ERRORS

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
#: The per-process cache of signed-in pages (settings.CACHES; never a shared backend).
PRIVATE_CACHE_ALIAS = "private_pages"
#: The apps whose records the cached pages show or are allowed by; a change to any of their
#: models bumps the version (historical records included, which only makes it bump with their
#: model). ``auth``: the groups' permissions decide who may open an admin page (a user's own
#: groups and permissions are links of cate_portal.User, so cate_portal's).
WATCHED_APPS = frozenset({"cate_portal", "partners", "leadership", "auth"})
CSRF_PLACEHOLDER = "__CATE_CSRF_TOKEN__"
NONCE_PLACEHOLDER = "__CATE_CSP_NONCE__"
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
#: Response headers set by the view that are replayed with a cached page (the middleware
#: around the view adds the rest, CSP and security headers included, to every response).
_KEPT_HEADERS = ("Content-Type", "Cache-Control", "Content-Language", "Vary")


def _first_version() -> int:
    """The version a fresh or restarted cache starts from: the clock in microseconds, above
    every version counted since an earlier start (the signed-in pages kept in each worker's
    memory outlive a restart of the shared cache, so a version must never come back)."""
    return time.time_ns() // 1000


def data_version() -> int:
    """The current data version (a positive int); raises a cache error when the cache is down."""
    version = cache.get(VERSION_KEY)
    if version is None:
        first = _first_version()
        cache.add(VERSION_KEY, first, timeout=None)
        version = cache.get(VERSION_KEY, first)
    return int(version)


def bump_version() -> None:
    """Retires every cached page at once, on every instance sharing the cache."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (a fresh or restarted cache): a new one is started
        cache.add(VERSION_KEY, _first_version(), timeout=None)


def bump_after_commit() -> None:
    """Retires every cached page, as after a commit: a cache that cannot be reached is logged,
    not raised (the change is committed already; the entries expire on their own)."""
    try:
        bump_version()
    except UNAVAILABLE_ERRORS:
        # The bump inside the transaction succeeded, so no page rendered before the change is
        # under the current version unless it was rendered in the instant before the commit;
        # it expires with PUBLIC_PAGE_CACHE_SECONDS.
        logger.warning("The public page cache could not be renewed after a commit.")


def data_changed(sender, **kwargs) -> None:
    """Signal receiver: a watched model changed, so every cached public page is retired now
    (an error here fails the write: nothing commits that cached pages would contradict) and
    again when the transaction commits."""
    if not _caching_pages() or sender._meta.app_label not in WATCHED_APPS:
        return  # no page is cached, so none can be stale
    bump_version()
    database = transaction.get_connection()
    pending = (callback for _savepoints, callback, _robust in database.run_on_commit)
    if not any(callback is bump_after_commit for callback in pending):
        transaction.on_commit(bump_after_commit)  # once per transaction


def _caching_pages() -> bool:
    return settings.PUBLIC_PAGE_CACHE_SECONDS > 0 or settings.PRIVATE_PAGE_CACHE_SECONDS > 0


def page_changes_at(request, moment: datetime.datetime | None) -> None:
    """Tells the page caches that the page being rendered for `request` changes by itself at
    `moment` (an aware datetime; None: not at any known time): its cached copy must not be
    served after it. Called by views whose content depends on the clock."""
    if moment is None:
        return
    known = getattr(request, "_page_changes_at", None)
    if known is None or moment < known:
        request._page_changes_at = moment


def _timeout(request, seconds: int) -> int:
    """`seconds`, cut to the moment the page said it changes at (0: do not store)."""
    moment = getattr(request, "_page_changes_at", None)
    if moment is None:
        return seconds
    return max(0, min(seconds, int((moment - timezone.now()).total_seconds())))


def connect_signals() -> None:
    """Called once from ``CatePortalConfig.ready()``."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(data_changed, dispatch_uid=f"public-page-cache-{signal!r}")


def _cacheable_request(request) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _key(request, kind: str = "public-page", *, also: tuple[str, ...] = ()) -> str:
    """`kind`, the day in the portal's time zone, the language and a digest of the full
    address with whatever else the page depends on (`also`)."""
    material = "\0".join((*also, request.build_absolute_uri()))
    digest = hashlib.sha256(material.encode()).hexdigest()
    day = timezone.localdate().isoformat()
    return f"{kind}:{day}:{translation.get_language()}:{digest}"


def _lookup(key: str) -> tuple[int, dict | None]:
    """The current data version and the page stored under `key` if rendered under it: one
    round trip to the cache."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        version = data_version()
    entry = found.get(key)
    if entry is not None and entry.get("version") != int(version):
        entry = None
    return int(version), entry


def _nonce(request) -> str | None:
    nonce = getattr(request, "csp_nonce", None)
    return str(nonce) if nonce is not None else None


def _to_template(request, response) -> str:
    body = response.content.decode(response.charset)
    body = _CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", body)
    # django-csp keeps the nonce in `_csp_nonce` once the page used it.
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str) and nonce:
        body = body.replace(nonce, NONCE_PLACEHOLDER)
    return body


def _from_template(request, entry: dict) -> HttpResponse:
    body = entry["body"]
    if CSRF_PLACEHOLDER in body:
        body = body.replace(CSRF_PLACEHOLDER, get_token(request))
    if NONCE_PLACEHOLDER in body:
        body = body.replace(NONCE_PLACEHOLDER, _nonce(request) or "")
    response = HttpResponse(body)
    for name, value in entry["headers"].items():
        response[name] = value
    return response


def cache_public_page(view):
    """Decorates a view (``method_decorator(cache_public_page, name="dispatch")`` for a class)
    whose page, for an anonymous visitor, depends only on the address, the language and the
    data of the watched apps. See the module's docstring for what is shared and what is not."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if settings.PUBLIC_PAGE_CACHE_SECONDS <= 0 or not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        try:
            version, entry = _lookup(key)
        except UNAVAILABLE_ERRORS:
            logger.warning("The public page cache is unreachable: rendering without it.")
            return view(request, *args, **kwargs)
        if entry is not None:
            return _from_template(request, entry)
        response = _rendered(view(request, *args, **kwargs))
        timeout = _timeout(request, settings.PUBLIC_PAGE_CACHE_SECONDS)
        if timeout > 0 and _storable(request, response):
            try:
                cache.set(key, _entry(request, response, version), timeout)
            except UNAVAILABLE_ERRORS:
                logger.warning("The public page cache is unreachable: page not stored.")
        return response

    return wrapper


def _rendered(response):
    """The response with its body: a TemplateResponse is rendered now, to be stored."""
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return response


def _storable(request, response) -> bool:
    """A 200 that sets no cookie of its own and whose request holds no message. The CSRF
    cookie does not count: views under ``csrf_protect`` (the admin's) set it inside the
    decorated view, and a page served from the cache asks for the visitor's own token, which
    sets it again. A message added while the page rendered and shown on it leaves no cookie
    behind, but a copy would show it again."""
    cookies = set(response.cookies) - {settings.CSRF_COOKIE_NAME}
    storage = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not cookies
        and not response.streaming
        and not (storage is not None and len(storage))
    )


def _entry(request, response, version: int) -> dict:
    return {
        "version": version,
        "body": _to_template(request, response),
        "headers": {h: response[h] for h in _KEPT_HEADERS if h in response},
    }


def _private_key(request) -> str:
    """The user, the session (its key and a digest of all it holds), the address, the language
    and the day: a new sign-in, a second factor, a language chosen, anything stored in the
    session gives another key."""
    session = request.session
    state = json.dumps(dict(session.items()), sort_keys=True, default=str)
    return _key(
        request, "private-page", also=(str(request.user.pk), session.session_key or "", state)
    )


def _private_request(request) -> bool:
    return (
        request.method == "GET"
        and request.user.is_authenticated
        and request.session.session_key is not None
        and "messages" not in request.COOKIES
        and "_messages" not in request.session
    )


def cache_private_page(view):
    """Decorates a signed-in page (``method_decorator(cache_private_page, name="dispatch")``):
    its rendered copies are kept per worker process and per session, never in the shared
    cache, and retired by any data change (see the module's docstring). The view's own checks
    run on every request that is not answered from the cache, and a cached copy exists only for
    a session that passed them under the current data."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if settings.PRIVATE_PAGE_CACHE_SECONDS <= 0 or not _private_request(request):
            return view(request, *args, **kwargs)
        store = caches[PRIVATE_CACHE_ALIAS]
        key = _private_key(request)
        try:
            version = data_version()
        except UNAVAILABLE_ERRORS:
            logger.warning("The data version is unreachable: rendering without the page cache.")
            return view(request, *args, **kwargs)
        entry = store.get(key)
        if entry is not None and entry["version"] == version:
            return _from_template(request, entry)
        response = _rendered(view(request, *args, **kwargs))
        timeout = _timeout(request, settings.PRIVATE_PAGE_CACHE_SECONDS)
        if timeout > 0 and _storable(request, response) and not request.session.modified:
            store.set(key, _entry(request, response, version), timeout)
        return response

    return wrapper
