"""Builds the demo data: the Coalition Director, Healing Action and the fictional partners.

Idempotent: every row is looked up by its natural key (slug, e-mail) before it is created, so
running it again creates nothing and leaves later edits (in admin or the portal) alone.
"""

import datetime
import io
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from cate_portal.models import Area, User
from partners.models import (
    Language,
    Membership,
    Organization,
    OrganizationStatus,
    Population,
    Role,
    Sector,
    Service,
    Visibility,
)
from partners.models.organizations import name_key
from partners.organizations import services as organization_services
from partners.organizations.languages import split_languages
from partners.organizations.logo import process_logo

from .organizations import HEALING_ACTION, PARTNERS, DemoOrganization, DemoPerson

# One password for every demo login, printed by `seed_demo` and listed in README.md. Published
# on purpose: demo data only (the command refuses the production settings).
DEMO_PASSWORD = "cate-demo-2026"  # noqa: S105  # nosec B105
DIRECTOR_EMAIL = "director@cate.example.org"
DIRECTOR_NAME = "Jordan Hawkins"
# The demo director's authenticator app key (base32), printed by `seed_demo`: staff reach the
# admin and see staff-only data only after a code from it (issue 10, rule 9). Published on
# purpose, like the password: demo data only.
DIRECTOR_TOTP_SECRET = "CATEDEMODIRECTORTOTPSECRETKEYABC"  # noqa: S105  # nosec B105
DEMO_ORGANIZATIONS: tuple[DemoOrganization, ...] = (HEALING_ACTION, *PARTNERS)


@dataclass
class Login:
    label: str
    email: str


@dataclass(frozen=True)
class DemoAuthenticator:
    """The demo director's authenticator app: its key and the otpauth:// URI an app imports."""

    secret: str
    uri: str


@dataclass
class DemoSeedResult:
    organizations_created: int = 0
    users_created: int = 0
    logins: list[Login] = field(default_factory=list)
    # None when the director has since set up an authenticator app of their own.
    director_authenticator: DemoAuthenticator | None = None


def person_email(person: DemoPerson, domain: str) -> str:
    """first.last@domain, in ASCII: 'Jean-Baptiste Pierre' -> jean-baptiste.pierre@domain."""
    return ".".join(slugify(part) for part in person.full_name.split()) + f"@{domain}"


def ensure_user(
    *,
    email: str,
    full_name: str,
    title: str,
    password_hash: str,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> tuple[User, bool]:
    """The user with this address, created with the demo password if missing; always verified.

    An existing user keeps their password and details (the demo never undoes a change), except
    that the Coalition Director's login is kept staff and superuser.
    """
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(
            email=email.lower(),
            full_name=full_name,
            title=title,
            password=password_hash,
            is_staff=is_staff,
            is_superuser=is_superuser,
        )
        user.full_clean()
        user.save()
    elif (is_staff and not user.is_staff) or (is_superuser and not user.is_superuser):
        user.is_staff = user.is_staff or is_staff
        user.is_superuser = user.is_superuser or is_superuser
        user.save(update_fields=["is_staff", "is_superuser"])
    ensure_verified_email(user)
    return user, created


def ensure_verified_email(user: User) -> None:
    """allauth signs in only verified addresses: each demo user gets one, primary."""
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        # Only one primary address per user.
        has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
        EmailAddress.objects.create(
            user=user, email=user.email, verified=True, primary=not has_primary
        )
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])


def ensure_demo_totp(user: User) -> DemoAuthenticator | None:
    """The director's authenticator app with the demo key, created if they have none.

    Idempotent, and a later change is left alone: a director who replaced the app keeps theirs
    (and None is returned, since the demo key no longer signs in).
    """
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        TOTP.activate(user, DIRECTOR_TOTP_SECRET)
    elif decrypt(authenticator.data["secret"]) != DIRECTOR_TOTP_SECRET:
        return None
    return DemoAuthenticator(
        secret=DIRECTOR_TOTP_SECRET,
        uri=get_mfa_adapter().build_totp_url(user, DIRECTOR_TOTP_SECRET),
    )


def _by_slug(model, slugs) -> list:
    objects = {obj.slug: obj for obj in model.objects.filter(slug__in=slugs)}
    missing = set(slugs) - objects.keys()
    if missing:
        raise LookupError(f"{model.__name__} not found: {', '.join(sorted(missing))}")
    return [objects[slug] for slug in slugs]


def _areas(names) -> list[Area]:
    areas = {area.name: area for area in Area.objects.filter(name__in=names)}
    missing = set(names) - areas.keys()
    if missing:
        raise LookupError(f"Area not found: {', '.join(sorted(missing))}")
    return [areas[name] for name in names]


def ensure_organization(data: DemoOrganization) -> tuple[Organization, bool]:
    """The organization with this slug (or a name that compares equal), created from the demo data
    if missing."""
    organization = Organization.objects.filter(
        Q(slug=data.slug) | Q(name_key=name_key(data.name))
    ).first()
    if organization is not None:
        return organization, False

    services = _by_slug(Service, data.services)
    street_visibility = data.street_address_visibility
    residential = any(service.is_residential for service in services)
    if residential:
        # A shelter's or a housing program's address is for coalition staff only.
        street_visibility = Visibility.STAFF
    today = timezone.localdate()
    status = OrganizationStatus(data.status)
    organization = Organization(
        name=data.name,
        slug=data.slug,
        sector=Sector.objects.get(slug=data.sector),
        description=data.description,
        description_es=data.description_es,
        website=data.website,
        public_email=data.public_email,
        public_email_visibility=data.email_visibility,
        public_phone=data.phone,
        public_phone_visibility=data.phone_visibility,
        street_address=data.street_address,
        street_address_visibility=street_visibility,
        # Protected from the start (partners.organizations.receivers would also set it).
        street_address_protected=residential,
        mailing_address=data.mailing_address,
        mailing_address_visibility=data.mailing_address_visibility,
        statewide=data.statewide,
        serves_sex_trafficking=data.sex_trafficking,
        serves_labor_trafficking=data.labor_trafficking,
        languages=split_languages(data.languages)[1],
        accepts_referrals=data.accepts_referrals,
        open_24_7=data.open_24_7,
        hours=data.hours,
        hotline_number=data.hotline,
        hotline_number_visibility=data.hotline_visibility,
        hotline_hours=data.hotline_hours,
        eligibility_notes=data.eligibility_notes,
        status=status,
        status_changed_on=(
            datetime.date.fromisoformat(data.past[-1][0])
            if data.past
            else None
            if status == OrganizationStatus.ACTIVE
            else today - datetime.timedelta(days=90)
        ),
        joined_on=datetime.date.fromisoformat(data.joined),
        profile_confirmed_on=today - datetime.timedelta(days=data.confirmed_days_ago),
    )
    organization.full_clean()
    organization.save()
    organization.counties.set(_areas(data.counties))
    organization.services.set(services)
    organization.populations.set(_by_slug(Population, data.populations))
    organization.spoken_languages.set(
        Language.objects.filter(name__in=split_languages(data.languages)[0])
    )
    write_past(organization, data.past)
    return organization, True


# A few partners have a logo, so the directory shows cards with and without one. Drawn here (a
# monogram on a colour: no image file, nothing to license) and stored through the profile
# service like an upload.
DEMO_LOGOS = {
    "healing-action": (27, 111, 106),
    "kaw-point-workers-center": (163, 74, 18),
    "heartland-refuge-kc": (36, 69, 122),
    "mid-missouri-survivor-network": (107, 63, 160),
    "gateway-legal-aid-project": (30, 90, 60),
    "columbia-community-law-clinic": (120, 40, 60),
}


def demo_logo_png(name: str, colour: tuple[int, int, int]) -> bytes:
    """A 240-pixel monogram of the name's first two initials, white on `colour`, as PNG."""
    from PIL import Image, ImageDraw, ImageFont

    initials = "".join(word[0] for word in name.split() if word[:1].isalpha())[:2].upper()
    image = Image.new("RGB", (240, 240), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((8, 8, 232, 232), radius=48, fill=colour)
    font = ImageFont.load_default(size=110)
    draw.text((120, 124), initials, font=font, fill="white", anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def ensure_demo_logo(organization: Organization) -> None:
    """Gives a newly created demo partner listed in DEMO_LOGOS its logo, as the system."""
    colour = DEMO_LOGOS.get(organization.slug)
    if colour is None or organization.logo:
        return
    upload = SimpleUploadedFile("logo.png", demo_logo_png(organization.name, colour))
    organization_services.update_profile(
        organization=organization, acting_user=None, changes={"logo": process_logo(upload)}
    )


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def write_past(organization: Organization, past: tuple[tuple[str, str], ...]) -> None:
    """Dates a new demo organization's history: its records (made just now) are moved to the day
    it joined, as an active partner, then one record per change of status in `past` follows on
    its day, carrying its counties and services, so the evaluation sees it leave (and rejoin).
    Only for an organization created in this run: seed_demo stays idempotent."""
    if not past:
        return
    history = Organization.history.model
    records = list(history.objects.filter(id=organization.pk).order_by("history_date", "pk"))
    joined = _noon(organization.joined_on)
    for offset, record in enumerate(records):
        record.history_date = joined + datetime.timedelta(microseconds=offset)
        record.status = OrganizationStatus.ACTIVE
        record.status_changed_on = None
        record.save(update_fields=["history_date", "status", "status_changed_on"])
    last = records[-1]
    links = [
        list(through.objects.filter(history=last))
        for through in (
            apps.get_model("partners", "HistoricalOrganization_counties"),
            apps.get_model("partners", "HistoricalOrganization_services"),
        )
    ]
    for day, status in past:
        changed_on = datetime.date.fromisoformat(day)
        record = history.objects.get(pk=last.pk)
        record.pk = None
        record.history_type = "~"
        record.history_date = _noon(changed_on)
        record.history_change_reason = "Status changed (demo history)"
        record.status = status
        record.status_changed_on = changed_on
        record.save(force_insert=True)
        for rows in links:
            for row in rows:
                row.pk = None
                row.history = record
                row.save(force_insert=True)


def ensure_membership(*, user: User, organization: Organization, person: DemoPerson) -> None:
    """A membership unless the person already has one there (an ended one stays ended)."""
    if Membership.objects.filter(user=user, organization=organization).exists():
        return
    membership = Membership(
        user=user,
        organization=organization,
        role=person.role,
        title=person.title,
        started_on=organization.joined_on or timezone.localdate(),
    )
    membership.full_clean()
    membership.save()


@transaction.atomic
def seed_demo_data(*, password_hash: str) -> DemoSeedResult:
    """Creates whatever part of the demo data is missing; returns what it created and the logins.

    `password_hash` is the demo password hashed once (make_password) for every new user.
    """
    result = DemoSeedResult()
    director, created = ensure_user(
        email=DIRECTOR_EMAIL,
        full_name=DIRECTOR_NAME,
        title="Coalition Director",
        password_hash=password_hash,
        is_staff=True,
        is_superuser=True,
    )
    result.users_created += created
    result.logins.append(Login("Coalition Director (admin)", DIRECTOR_EMAIL))
    result.director_authenticator = ensure_demo_totp(director)

    for data in DEMO_ORGANIZATIONS:
        organization, created = ensure_organization(data)
        result.organizations_created += created
        if created:
            ensure_demo_logo(organization)
        for person in data.people:
            email = person_email(person, data.domain)
            user, created = ensure_user(
                email=email,
                full_name=person.full_name,
                title=person.title,
                password_hash=password_hash,
            )
            result.users_created += created
            ensure_membership(user=user, organization=organization, person=person)
            if data.featured:
                label = f"{data.name}: {Role(person.role).label.lower()}"
                result.logins.append(Login(label, email))
    return result
