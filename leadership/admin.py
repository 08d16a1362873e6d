"""The Coalition Director's admin for the leadership app: one module per topic, loaded here so
Django's admin autodiscovery finds them all."""

from leadership.decisions import admin as decisions_admin  # noqa: F401
from leadership.resources import admin as resources_admin  # noqa: F401
from leadership.seats import admin as seats_admin  # noqa: F401
