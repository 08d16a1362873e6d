"""`manage.py seed_demo`: idempotent demo data whose people can sign in, and `--scale N`.

The demo director signs in with the demo password and a code of the authenticator key the
command prints (issue 10, rule 9: the admin and the staff-only data need two-factor sign-in).
"""

import re
import time
from io import StringIO
from unittest import mock
from urllib.parse import parse_qs, unquote, urlsplit

import phonenumbers
import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt
from django.contrib.auth import get_user
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Q
from django.test import override_settings
from django.urls import reverse

from cate_portal.models import User
from cate_portal.site.demo import DEMO_PASSWORD, DIRECTOR_EMAIL, DIRECTOR_TOTP_SECRET
from cate_portal.site.demo.builders import DEMO_ORGANIZATIONS, person_email
from partners.models import Membership, Organization, OrganizationStatus, Role, Visibility

pytestmark = pytest.mark.django_db

SCALE_SLUGS = Q(slug__startswith="scale-partner-")


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, "--no-progress", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "organizations": Organization.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "email addresses": EmailAddress.objects.count(),
        "county links": Organization.counties.through.objects.count(),
        "service links": Organization.services.through.objects.count(),
        "population links": Organization.populations.through.objects.count(),
    }


def sign_in(client, email: str) -> User | None:
    client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    user = get_user(client)
    return user if user.is_authenticated else None


def printed_key(output: str) -> str:
    return re.search(r"Authenticator key:\s+(\S+)", output).group(1)


def printed_uri(output: str) -> str:
    return re.search(r"otpauth://\S+", output).group(0)


def code_of(secret: str) -> str:
    """The code an authenticator app holding this key shows now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in_as_the_director(client, output: str) -> User | None:
    """The demo password, then a code of the key the command printed."""
    client.post(reverse("account_login"), {"login": DIRECTOR_EMAIL, "password": DEMO_PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": code_of(printed_key(output))})
    user = get_user(client)
    return user if user.is_authenticated else None


# --- Seeding and seeding again --------------------------------------------------------------


def test_seed_demo_twice_creates_no_duplicates():
    seed()
    first = counts()

    seed()

    assert counts() == first
    assert first["organizations"] > 0 and first["email addresses"] == first["users"]


def test_seed_demo_leaves_later_edits_alone():
    seed()
    organization = Organization.objects.get(slug="safe-harbor-house")
    organization.description = "Edited by its primary contact."
    organization.save()
    staff = Membership.objects.get(organization=organization, role=Role.STAFF)
    staff.ended_on = staff.started_on
    staff.save()

    seed()

    organization.refresh_from_db()
    assert organization.description == "Edited by its primary contact."
    # The ended membership is not brought back.
    assert not Membership.objects.current().filter(pk=staff.pk).exists()
    assert Membership.objects.filter(organization=organization, user=staff.user).count() == 1


# --- What the demo data holds (seeded once for the class) -----------------------------------


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    """Seeds once for a class of read-only tests (each runs in a savepoint inside this
    transaction), then rolls everything back. Yields the command's output."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed()
        transaction.set_rollback(True)


@pytest.mark.usefixtures("seeded")
class TestTheSeededDemoData:
    def test_seed_demo_creates_the_director_healing_action_and_about_two_dozen_partners(self):
        assert Organization.objects.filter(slug="healing-action").exists()
        assert Organization.objects.count() == len(DEMO_ORGANIZATIONS) >= 24
        # Three people (primary contact, executive leader, staff) each, and the director.
        assert User.objects.count() == 3 * len(DEMO_ORGANIZATIONS) + 1
        assert Membership.objects.current().count() == 3 * len(DEMO_ORGANIZATIONS)

    def test_a_few_demo_partners_have_a_drawn_logo_stored_through_the_profile_service(self):
        from cate_portal.site.demo.builders import DEMO_LOGOS

        with_logo = set(Organization.objects.exclude(logo="").values_list("slug", flat=True))

        assert with_logo == set(DEMO_LOGOS)
        logo = Organization.objects.get(slug="healing-action").logo
        # (a file left by an earlier seeding of a rolled-back database gets a suffix)
        assert logo.name.startswith("logos/healing-action")
        with logo.open("rb") as file:
            assert file.read(8) == b"\x89PNG\r\n\x1a\n"

    def test_the_evaluation_shows_growth_departures_a_rejoin_and_two_versions(self):
        import datetime

        from cate_portal.evaluation import Year, indicators_for

        covered = [Year(n, datetime.date(n, 12, 31)) for n in range(2019, 2026)]
        director = User.objects.get(email=DIRECTOR_EMAIL)
        partners, _areas, compliance, *_decisions_and_events = indicators_for(director, covered)
        active = [row[1] for row in partners.rows]
        assert active[-1] - active[0] >= 8  # the coalition grew
        assert sum(row[5] for row in partners.rows) == 2  # two departures
        assert sum(row[4] for row in partners.rows) == 1  # one of them rejoined
        assert sum(row[3] for row in partners.rows[5:]) >= 2  # joins in 2024 and 2025
        versions = [row[1] for row in compliance.rows]
        assert versions[0] == "2019" and versions[-1] == "2024"
        assert all(0 < row[4] < 100 for row in compliance.rows)

    def test_the_director_is_jordan_hawkins_a_superuser_with_a_verified_address(self):
        director = User.objects.get(email=DIRECTOR_EMAIL)
        assert director.full_name == "Jordan Hawkins"
        assert director.is_superuser and director.is_staff
        assert EmailAddress.objects.filter(
            user=director, email=DIRECTOR_EMAIL, verified=True, primary=True
        ).exists()
        assert not director.memberships.exists()

    def test_healing_action_serves_st_louis_with_a_staff_only_street_address(self):
        healing_action = Organization.objects.get(slug="healing-action")
        assert healing_action.sector.slug == "nonprofit-service-provider"
        assert not healing_action.statewide
        assert set(healing_action.counties.values_list("name", flat=True)) == {
            "St. Louis City",
            "St. Louis County",
        }
        assert {"case-management", "mental-health", "street-outreach", "youth-services"} <= set(
            healing_action.services.values_list("slug", flat=True)
        )
        assert healing_action.street_address
        assert healing_action.street_address_visibility == Visibility.STAFF

    def test_every_active_demo_organization_has_a_current_primary_contact(self):
        active = Organization.objects.active()
        without_primary = active.exclude(
            pk__in=Membership.objects.current()
            .filter(role=Role.PRIMARY_CONTACT)
            .values("organization")
        )
        assert active.count() >= 24
        assert list(without_primary) == []

    def test_every_demo_organization_has_an_executive_leader_and_a_staff_member(self):
        roles = Organization.objects.annotate(
            leaders=Count("memberships", filter=Q(memberships__role=Role.EXECUTIVE_LEADER)),
            staff=Count("memberships", filter=Q(memberships__role=Role.STAFF)),
        )
        assert all(o.leaders == 1 and o.staff == 1 for o in roles), [
            (o.name, o.leaders, o.staff) for o in roles
        ]

    def test_shelters_and_housing_programs_keep_their_street_address_staff_only(self):
        residential = Organization.objects.filter(services__is_residential=True).distinct()
        assert residential.count() >= 3
        for organization in residential:
            assert organization.street_address, organization
            assert organization.street_address_visibility == Visibility.STAFF, organization

    def test_demo_data_mixes_contact_visibilities_regions_and_statewide_partners(self):
        organizations = Organization.objects.all()
        for field in (
            "public_email_visibility",
            "public_phone_visibility",
            "street_address_visibility",
        ):
            assert len({getattr(o, field) for o in organizations}) == 3, field
        assert organizations.filter(statewide=True).count() >= 3
        for county in ("Jackson County", "Greene County", "Boone County", "Cape Girardeau County",
                       "Jasper County", "Buchanan County", "Adair County"):  # fmt: skip
            assert organizations.filter(counties__name=county).exists(), county
        assert organizations.filter(status=OrganizationStatus.INACTIVE).exists()

    def test_demo_contact_details_are_fictional_and_phone_numbers_are_valid(self):
        for organization in Organization.objects.all():
            assert organization.public_email.endswith(".example.org"), organization
            assert phonenumbers.is_valid_number(organization.public_phone), organization
            assert organization.public_phone.national_number % 10000 // 100 == 1  # 555-01xx
        assert not User.objects.exclude(email__endswith=".example.org").exists()

    @pytest.mark.parametrize(
        "email",
        [
            person_email(DEMO_ORGANIZATIONS[0].people[0], DEMO_ORGANIZATIONS[0].domain),
            person_email(DEMO_ORGANIZATIONS[1].people[2], DEMO_ORGANIZATIONS[1].domain),
        ],
    )
    def test_demo_users_sign_in_through_allauth_with_the_demo_password(self, client, email):
        user = sign_in(client, email)

        assert user is not None and user.email == email

    def test_the_director_signs_in_with_the_password_and_a_code_of_the_printed_key(
        self, client, seeded
    ):
        # The password alone stops at the code step.
        assert sign_in(client, DIRECTOR_EMAIL) is None

        user = sign_in_as_the_director(client, seeded)

        assert user is not None and user.email == DIRECTOR_EMAIL
        assert client.get("/admin/").status_code == 200

    def test_the_signed_in_director_sees_a_demo_shelters_staff_only_street_address(
        self, client, seeded
    ):
        shelter = (
            Organization.objects.active()
            .filter(services__is_residential=True)
            .exclude(street_address="")
            .distinct()
            .first()
        )
        street = shelter.street_address.splitlines()[0]
        assert street not in client.get(shelter.get_absolute_url()).content.decode()

        sign_in_as_the_director(client, seeded)

        assert street in client.get(shelter.get_absolute_url()).content.decode()

    def test_the_director_has_an_authenticator_app_with_the_printed_key(self, seeded):
        director = User.objects.get(email=DIRECTOR_EMAIL)
        [authenticator] = Authenticator.objects.filter(user=director)
        assert authenticator.type == Authenticator.Type.TOTP
        assert decrypt(authenticator.data["secret"]) == DIRECTOR_TOTP_SECRET
        assert printed_key(seeded) == DIRECTOR_TOTP_SECRET

    def test_the_output_gives_an_otpauth_uri_an_authenticator_app_imports(self, seeded):
        uri = urlsplit(printed_uri(seeded))
        query = parse_qs(uri.query)
        assert (uri.scheme, uri.netloc) == ("otpauth", "totp")
        assert DIRECTOR_EMAIL in unquote(uri.path)
        assert query["secret"] == [DIRECTOR_TOTP_SECRET]
        assert query["issuer"] == ["CATE Portal"]

    def test_demo_shelters_and_housing_programs_have_a_protected_street_address(self):
        residential = Organization.objects.filter(services__is_residential=True).distinct()
        assert residential.exists()
        assert not residential.filter(street_address_protected=False).exists()
        others = Organization.objects.exclude(pk__in=residential.values("pk"))
        assert not others.filter(street_address_protected=True).exists()

    def test_demo_user_cannot_sign_in_with_a_wrong_password(self, client):
        client.post(reverse("account_login"), {"login": DIRECTOR_EMAIL, "password": "wrong"})

        assert not get_user(client).is_authenticated

    def test_output_lists_the_director_login_and_the_demo_password(self, seeded):
        assert DIRECTOR_EMAIL in seeded
        assert DEMO_PASSWORD in seeded
        primary = person_email(DEMO_ORGANIZATIONS[0].people[0], DEMO_ORGANIZATIONS[0].domain)
        assert "Healing Action: primary contact" in seeded and primary in seeded


def test_seed_demo_twice_keeps_one_authenticator_and_prints_the_same_key():
    first = seed()
    second = seed()

    director = User.objects.get(email=DIRECTOR_EMAIL)
    assert Authenticator.objects.filter(user=director).count() == 1
    assert printed_key(first) == printed_key(second) == DIRECTOR_TOTP_SECRET
    assert printed_uri(first) == printed_uri(second)


def test_seed_demo_leaves_an_authenticator_the_director_replaced_alone():
    seed()
    director = User.objects.get(email=DIRECTOR_EMAIL)
    Authenticator.objects.filter(user=director).delete()
    own_key = generate_totp_secret()
    TOTP.activate(director, own_key)

    output = seed()

    [authenticator] = Authenticator.objects.filter(user=director)
    assert decrypt(authenticator.data["secret"]) == own_key
    assert DIRECTOR_TOTP_SECRET not in output
    assert "authenticator app of their own" in output


def test_seed_demo_refuses_the_production_settings_unless_insisted():
    with override_settings(SETTINGS_MODULE="cate_portal.settings.production"):
        with pytest.raises(CommandError, match="production"):
            seed()
        assert not User.objects.exists()

        seed("--allow-production")
    assert User.objects.filter(email=DIRECTOR_EMAIL).exists()


# --- --scale N ------------------------------------------------------------------------------


def test_scale_creates_n_organizations_with_ten_signed_in_able_people_each(client):
    seed("--scale", "20")

    scale = Organization.objects.filter(SCALE_SLUGS).annotate(
        people=Count("memberships", filter=Q(memberships__ended_on__isnull=True)),
        primary=Count("memberships", filter=Q(memberships__role=Role.PRIMARY_CONTACT)),
    )
    assert scale.count() == 20
    assert {(o.people, o.primary) for o in scale} == {(10, 1)}
    assert all(o.statewide or o.counties.exists() for o in scale)
    assert all(o.services.exists() for o in scale)
    scale_users = User.objects.filter(memberships__organization__in=scale)
    assert scale_users.count() == 200
    assert (
        EmailAddress.objects.filter(user__in=scale_users, verified=True, primary=True).count()
        == 200
    )
    assert sign_in(client, "person01@scale-partner-0007.example.org") is not None


def test_scale_twice_adds_nothing_and_a_larger_scale_adds_only_the_missing():
    seed("--scale", "20")
    first = counts()

    seed("--scale", "20")
    assert counts() == first

    seed("--scale", "25")
    assert Organization.objects.filter(SCALE_SLUGS).count() == 25
    assert User.objects.count() == first["users"] + 5 * 10


def test_scale_shelters_keep_their_street_address_staff_only():
    seed("--scale", "20")

    scale = Organization.objects.filter(SCALE_SLUGS)
    assert scale.filter(services__is_residential=True).exists()
    assert not scale.exclude(street_address_visibility=Visibility.STAFF).exists()


def test_scale_shelters_have_a_protected_street_address_though_bulk_inserts_send_no_signal():
    seed("--scale", "20")

    scale = Organization.objects.filter(SCALE_SLUGS)
    residential = scale.filter(services__is_residential=True).distinct()
    assert residential.exists()
    assert not residential.filter(street_address_protected=False).exists()
    assert (
        not scale.exclude(pk__in=residential.values("pk"))
        .filter(street_address_protected=True)
        .exists()
    )


def test_a_failure_part_way_leaves_nothing_written():
    with (
        mock.patch.object(EmailAddress.objects, "bulk_create", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        seed("--scale", "5")

    assert counts() == dict.fromkeys(counts(), 0)


def test_negative_scale_is_refused():
    with pytest.raises(CommandError):
        seed("--scale", "-1")
