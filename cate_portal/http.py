"""Request helpers shared by the apps."""

import ipaddress

from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied


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
