from django.conf import settings

from cate_portal.i18n import alternates


def site(request) -> dict:
    return {"SITE_NAME": "CATE", "COALITION_EMAIL": settings.COALITION_EMAIL}


def languages(request) -> dict:
    """``language_versions``: the page in each language, for the switcher and the ``hreflang``
    links of base.html (cate_portal.i18n.alternates); empty on pages that are not translated."""
    return {"language_versions": alternates(request)}
