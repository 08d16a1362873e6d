"""System checks of a production deployment (run by ``manage.py check --deploy``).

Several gunicorn workers, and several instances, serve the portal: whatever they must share
lives in a shared cache. With a per-process cache allauth's rate-limit counters split per worker
(with two workers one account took 8 wrong passwords before its lockout instead of 5), and so
would cached sessions. Signed-in pages, the other way round, must stay in one process
(cate_portal.page_cache). E-mail that is only printed or kept in memory never reaches anyone: an
invitation or a password reset would silently go nowhere.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

from cate_portal.page_cache import PRIVATE_CACHE_ALIAS

#: Cache backends whose entries live in one process only.
PER_PROCESS_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)
#: E-mail backends that send nothing: they print, keep in memory, write files or drop.
UNSENT_EMAIL_BACKENDS = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    }
)
#: The only backend that may keep signed-in pages: one process's memory.
PER_PROCESS_PRIVATE_CACHE = "django.core.cache.backends.locmem.LocMemCache"
SESSION_ENGINES_ON_CACHE = frozenset(
    {"django.contrib.sessions.backends.cache", "django.contrib.sessions.backends.cached_db"}
)


def _backend(alias: str) -> str:
    return settings.CACHES.get(alias, {}).get("BACKEND", "")


@register(Tags.caches, Tags.security, deploy=True)
def check_shared_cache(app_configs=None, **kwargs) -> list[Error]:
    """cate_portal.E001: the default cache (rate limits) is per process; cate_portal.E002:
    sessions are kept in a per-process cache."""
    errors = []
    if _backend("default") in PER_PROCESS_CACHES:
        errors.append(
            Error(
                f"The default cache is per process ({_backend('default')}): sign-in rate limits "
                "would be counted separately by each worker and instance.",
                hint="Set CACHE_URL to a shared cache, e.g. redis://127.0.0.1:6379/1.",
                id="cate_portal.E001",
            )
        )
    alias = getattr(settings, "SESSION_CACHE_ALIAS", "default")
    if (
        settings.SESSION_ENGINE in SESSION_ENGINES_ON_CACHE
        and _backend(alias) in PER_PROCESS_CACHES
    ):
        errors.append(
            Error(
                f"Sessions are kept in the per-process cache {alias!r}: a session made by one "
                "worker would be unknown, or outlive its sign-out, on another.",
                hint="Point SESSION_CACHE_ALIAS at a shared cache (CACHE_URL=redis://...).",
                id="cate_portal.E002",
            )
        )
    return errors


@register(Tags.caches, Tags.security, deploy=True)
def check_private_pages_stay_in_process(app_configs=None, **kwargs) -> list[Error]:
    """cate_portal.E004: the cache of signed-in pages (cate_portal.page_cache) is not a
    per-process cache: one person's pages would be kept where other processes and instances
    read, which issue 15 forbids."""
    backend = _backend(PRIVATE_CACHE_ALIAS)
    if settings.PRIVATE_PAGE_CACHE_SECONDS <= 0 or backend == PER_PROCESS_PRIVATE_CACHE:
        return []
    return [
        Error(
            f"Signed-in pages would be kept in a shared cache ({backend or 'none configured'}).",
            hint=f"CACHES[{PRIVATE_CACHE_ALIAS!r}] must be {PER_PROCESS_PRIVATE_CACHE} (as in "
            "cate_portal/settings/base.py), or PRIVATE_PAGE_CACHE_SECONDS=0.",
            id="cate_portal.E004",
        )
    ]


@register(Tags.security, deploy=True)
def check_email_is_sent(app_configs=None, **kwargs) -> list[Error]:
    """cate_portal.E003: the e-mail backend sends nothing, and ALLOW_CONSOLE_EMAIL is not set."""
    if settings.EMAIL_BACKEND not in UNSENT_EMAIL_BACKENDS or settings.ALLOW_CONSOLE_EMAIL:
        return []
    return [
        Error(
            f"The e-mail backend sends nothing ({settings.EMAIL_BACKEND}): invitations, "
            "password resets and notices would never arrive.",
            hint="Set EMAIL_URL (smtp+tls://user:password@smtp.example.org:587), or "
            "ALLOW_CONSOLE_EMAIL=true for a deployment that must not send e-mail.",
            id="cate_portal.E003",
        )
    ]
