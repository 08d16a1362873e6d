"""The Coalition Director's admin for the leadership app, loaded here for Django's autodiscovery."""

from leadership.decisions import admin as decisions_admin  # noqa: F401
