"""The public site in English and Spanish: the language switcher and the remembered choice.

English pages keep today's addresses and Spanish ones live under ``/es/`` (``i18n_patterns``
with ``prefix_default_language=False`` in ``cate_portal/urls.py``); Django's ``LocaleMiddleware``
activates the language of the address. The partner portal, accounts and admin are not under
``i18n_patterns`` and stay in English.

The switcher is a plain link (no JavaScript, no form, so no CSRF cookie on pages a shared cache
may keep) to :func:`switch_language`, which remembers the choice in Django's language cookie and
sends the visitor to the same page, query string included, in the chosen language.
:class:`RememberedLanguageMiddleware` then brings a visitor who comes back (a bookmark, a link)
to the language they chose.
"""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def language_of_path(path: str) -> str:
    """The language a site path is in: its ``/es/`` style prefix, else the default (English)."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def page_in_language(full_path: str, language: str) -> str:
    """The same page (path and query string) in ``language``.

    ``full_path`` is a site-relative path with an optional query, e.g.
    ``/partners/?county=29161``; the answer for Spanish is ``/es/partners/?county=29161``.
    A path outside the translated pages (the portal, the admin) or one that does not resolve
    comes back unchanged.
    """
    # translate_url resolves the path in the active language: activate the path's own.
    with translation.override(language_of_path(urlsplit(full_path).path)):
        return translate_url(full_path, language)


def _view_name(path: str) -> str | None:
    with translation.override(language_of_path(path)):
        try:
            return resolve(path).view_name
        except Resolver404:
            return None


def is_english_only(path: str) -> bool:
    """Whether ``path`` is a signed-in page that sits among the translated ones (under
    ``i18n_patterns``) but stays in English: settings.ENGLISH_ONLY_URL_NAMES."""
    return _view_name(path) in settings.ENGLISH_ONLY_URL_NAMES


def is_language_neutral(path: str) -> bool:
    """Whether ``path`` answers the same in every language (a partner's logo image):
    settings.LANGUAGE_NEUTRAL_URL_NAMES. No switcher, no redirect to the chosen language."""
    return _view_name(path) in settings.LANGUAGE_NEUTRAL_URL_NAMES


def versions(full_path: str) -> dict[str, str]:
    """The addresses of the page ``full_path`` in each language, ``{"en": "/partners/?q=x",
    "es": "/es/partners/?q=x"}``; empty when the page is not translated (the portal, the admin,
    an English-only page, an address that does not resolve)."""
    path = urlsplit(full_path).path
    if is_english_only(path) or is_language_neutral(path):
        return {}
    urls = {code: page_in_language(full_path, code) for code in LANGUAGE_CODES}
    return urls if len(set(urls.values())) == len(urls) else {}


def alternates(request) -> list[dict]:
    """Each language's version of the requested page, for the switcher and ``hreflang`` links,
    in the order of settings.LANGUAGES::

        [{"code": "es", "name": "Español", "url": "/es/partners/?q=x",
          "absolute_url": "https://host/es/partners/?q=x",
          "switch_url": "/language/es/?next=%2Fpartners%2F%3Fq%3Dx", "current": False}, ...]

    Empty when the page is not translated."""
    full_path = request.get_full_path()
    urls = versions(full_path)
    if not urls:
        return []
    current = translation.get_language()
    next_query = urlencode({"next": full_path})
    return [
        {
            "code": code,
            "name": name,
            "url": urls[code],
            "absolute_url": request.build_absolute_uri(urls[code]),
            "switch_url": f"{reverse('switch-language', args=[code])}?{next_query}",
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


@never_cache
@require_GET
def switch_language(request, language: str):
    """Remember ``language`` in the language cookie and go to ``?next=`` in that language.

    ``next`` must be a path on this site (anything else, or nothing, goes to the home page);
    an unknown language is refused with 404. A GET, so the switcher works as a plain link.
    """
    if language not in LANGUAGE_CODES:
        raise Http404("Unknown language")
    next_url = request.GET.get("next", "/")
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(page_in_language(next_url, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class RememberedLanguageMiddleware:
    """The visitor's language choice, applied to GET and HEAD requests.

    - A translated page asked for in a language other than the one the visitor chose (the
      language cookie set by :func:`switch_language`) is redirected to the same page, query
      string kept, in the chosen language. Without the cookie the address decides alone.
    - An English-only page asked for under ``/es/`` (a signed-in page among translated ones) is
      redirected to its English address.

    Translated pages say they vary by cookie, so a shared cache never serves one visitor's
    redirect to another. Pages that are not translated are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        full_path = request.get_full_path()
        here = language_of_path(request.path_info)
        if here != settings.LANGUAGE_CODE and is_english_only(request.path_info):
            return HttpResponseRedirect(page_in_language(full_path, settings.LANGUAGE_CODE))
        urls = versions(full_path)
        if not urls:
            return self.get_response(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in urls and chosen != here:
            response = HttpResponseRedirect(urls[chosen])
        else:
            response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        return response
