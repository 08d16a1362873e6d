"""Development settings: `make run` on SQLite with the console e-mail backend."""

import os

os.environ.setdefault("DEBUG", "true")
# A fixed development key: never used in production, whose settings require SECRET_KEY.
os.environ.setdefault("SECRET_KEY", "django-insecure-local-development-only")

from .base import *  # noqa: F403
