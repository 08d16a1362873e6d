"""The Coalition Director's admin for the partners app: one module per topic, loaded here so
Django's admin autodiscovery finds them all."""

from partners.applications import admin as applications_admin  # noqa: F401
from partners.organizations import admin as organizations_admin  # noqa: F401
from partners.support import admin as support_admin  # noqa: F401
from partners.values import admin as values_admin  # noqa: F401
