from django.conf import settings


def site(request) -> dict:
    return {"SITE_NAME": "CATE", "COALITION_EMAIL": settings.COALITION_EMAIL}
