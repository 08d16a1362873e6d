"""Request helpers shared by the apps."""

import ipaddress
import logging

from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)


def client_ip(request) -> str | None:
    """The client's address as allauth determines it, honouring ALLAUTH_TRUSTED_PROXY_COUNT
    behind a proxy; None when it is not a valid IP address."""
    try:
        address = get_adapter(request).get_client_ip(request)
    except (ImproperlyConfigured, PermissionDenied, ValueError):
        # A forwarding header that does not match the proxy setting never turns into a 500.
        address = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(address or ""))
    except ValueError:
        return None


@requires_csrf_token
def server_error(request, template_name: str = "500.html"):
    """``handler500``: the 500 page with the request's ID (``RequestLogMiddleware``), which
    finds the error's traceback in the logs. The page is rendered with the request when that
    works, else without it (the error may come from what a request context needs, such as the
    database), else as plain text: a 500 page must not fail."""
    context = {"request_id": getattr(request, "request_id", "")}
    for with_request in (request, None):
        try:
            return HttpResponseServerError(
                loader.render_to_string(template_name, context, with_request)
            )
        except Exception:
            logger.exception(
                "The 500 page could not be rendered%s", " with the request" * bool(with_request)
            )
    return HttpResponseServerError(
        f"Something went wrong on our side. Reference: {context['request_id']}",
        content_type="text/plain",
    )
