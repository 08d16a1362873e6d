"""`python manage.py seed_demo [--scale N]`: the demo data, idempotent; prints the demo logins."""

import time

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from cate_portal.models import User
from cate_portal.site.demo import DEMO_PASSWORD, seed_demo_data, seed_scale_data
from cate_portal.site.demo.scale import PEOPLE_PER_ORGANIZATION
from leadership.demo import seed_leadership_demo
from leadership.events.demo import seed_events_demo
from partners.models import Membership, Organization
from partners.values.demo import seed_values_demo


class Command(BaseCommand):
    help = (
        "Creates the demo data (the Coalition Director, Healing Action and fictional partner "
        "organizations with their people) and prints the demo logins. Running it again "
        "creates nothing new. --scale N adds N benchmark organizations with ten people each."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help="Also ensure 'Scale Partner 0001' to N exist, each with ten people.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Hide the progress bar of --scale."
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with the production settings (it creates a superuser with a "
            "published password and authenticator key).",
        )

    def handle(self, *args, scale: int, no_progress: bool, allow_production: bool, **options):
        if scale < 0:
            raise CommandError("--scale must be 0 or more.")
        if str(settings.SETTINGS_MODULE).endswith(".production") and not allow_production:
            raise CommandError(
                "Refusing to create demo logins with a published password and authenticator "
                "key under the production settings (pass --allow-production to insist)."
            )
        started = time.monotonic()
        # Hashed once: every new demo user gets the same hash.
        password_hash = make_password(DEMO_PASSWORD)
        with transaction.atomic():
            result = seed_demo_data(password_hash=password_hash)
            # The shared values, fiscal sponsor and funders, then the leadership's seats,
            # terms and decisions, then the events: each app seeds its own records,
            # idempotently.
            seed_values_demo()
            seed_leadership_demo()
            seed_events_demo()
            scale_created = (
                seed_scale_data(count=scale, password_hash=password_hash, progress=not no_progress)
                if scale
                else 0
            )

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready in {time.monotonic() - started:.1f} s: "
                f"{Organization.objects.count()} organizations, {User.objects.count()} users, "
                f"{Membership.objects.current().count()} current memberships "
                f"(created now: {result.organizations_created + scale_created} organizations, "
                f"{result.users_created + scale_created * PEOPLE_PER_ORGANIZATION} users)."
            )
        )
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        width = max(len(login.label) for login in result.logins)
        for login in result.logins:
            self.stdout.write(f"  {login.label:<{width}}  {login.email}")
        self.stdout.write(
            "Every demo person signs in with that password (the people of each organization "
            "are listed in the admin)."
        )
        self.stdout.write("")
        totp = result.director_authenticator
        if totp is None:
            self.stdout.write(
                "The Coalition Director has set up an authenticator app of their own: sign in "
                "with its codes."
            )
        else:
            self.stdout.write(
                "The Coalition Director also enters a code from an authenticator app: the admin "
                "and the staff-only data need a sign-in with two-factor authentication. Add this "
                "key to the app (or import the URI):"
            )
            self.stdout.write(f"  Authenticator key:  {totp.secret}")
            self.stdout.write(f"  otpauth URI:        {totp.uri}")
