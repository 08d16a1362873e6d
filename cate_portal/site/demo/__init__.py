"""Demo data for `manage.py seed_demo`: fictional partners, their people, and benchmark data."""

from .builders import (
    DEMO_PASSWORD,
    DIRECTOR_EMAIL,
    DIRECTOR_TOTP_SECRET,
    DemoAuthenticator,
    DemoSeedResult,
    Login,
    seed_demo_data,
)
from .scale import seed_scale_data

__all__ = [
    "DEMO_PASSWORD",
    "DIRECTOR_EMAIL",
    "DIRECTOR_TOTP_SECRET",
    "DemoAuthenticator",
    "DemoSeedResult",
    "Login",
    "seed_demo_data",
    "seed_scale_data",
]
