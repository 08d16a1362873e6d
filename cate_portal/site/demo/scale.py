"""Bulk data for benchmarks: `seed_demo --scale N`.

Creates "Scale Partner 0001" to "Scale Partner N" (those missing), each with ten people (a
primary contact, an executive leader and eight staff) who can sign in with the demo password.
Rows go in with bulk_create, a batch of organizations at a time; the many-to-many links through
their through models. bulk_create sends no signals, so these rows have no simple-history entry:
acceptable for benchmark data. It calls no save() either, so each organization's name_key (the
key its unique name is kept on) is set here, and the street address of a scale organization
offering shelter or housing is marked protected here (partners.organizations.receivers does it
for every other path).

Choices (sector, counties, services, ...) are spread by arithmetic on the organization's
number, so the data is the same on every run and every database.
"""

import datetime
from collections.abc import Iterator

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from cate_portal import page_cache
from cate_portal.models import Area, User
from partners.models import (
    Membership,
    Organization,
    Population,
    Role,
    Sector,
    Service,
    Visibility,
)
from partners.models.organizations import name_key

NAME_PREFIX = "Scale Partner"
SLUG_PREFIX = "scale-partner-"
EMAIL_DOMAIN_SUFFIX = ".example.org"
PEOPLE_PER_ORGANIZATION = 10
BATCH_SIZE = 200  # organizations per batch: 2,000 users, memberships and addresses

FIRST_NAMES = (
    "Avery", "Blake", "Cameron", "Dakota", "Emerson", "Finley", "Harper", "Jamie", "Kendall",
    "Logan", "Morgan", "Parker", "Quinn", "Reese", "Riley", "Rowan", "Sage", "Skyler",
    "Taylor", "Alex", "Casey", "Devon", "Elliot", "Hayden", "Jordan", "Kai", "Micah",
    "Noel", "Peyton", "Remy", "Shawn", "Toni", "Wren", "Ari", "Bailey", "Charlie", "Drew",
)  # fmt: skip
LAST_NAMES = (
    "Abbott", "Barnes", "Carter", "Diaz", "Ellison", "Foster", "Garza", "Hughes", "Ingram",
    "Jensen", "Khan", "Lopez", "Mason", "Nolan", "Owens", "Patel", "Quintero", "Ramos",
    "Sato", "Turner", "Underwood", "Vargas", "Walsh", "Xiong", "Young", "Zimmer", "Bauer",
    "Chen", "Duarte", "Evans", "Fischer", "Gomez", "Hale", "Ito", "Keane", "Lund", "Moreau",
    "Novak", "Okoro", "Park", "Reyes",
)  # fmt: skip
AREA_CODES = ("314", "636", "816", "417", "573", "660")
STAFF_TITLES = ("Case Manager", "Advocate", "Outreach Worker", "Coordinator", "Volunteer Lead")


def scale_name(number: int, width: int) -> str:
    return f"{NAME_PREFIX} {number:0{width}d}"


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Reference:
    """The lookup lists every scale organization picks from, read once."""

    def __init__(self) -> None:
        self.sector_ids = list(Sector.objects.order_by("pk").values_list("pk", flat=True))
        self.area_ids = list(Area.objects.order_by("fips").values_list("pk", flat=True))
        self.services = list(Service.objects.order_by("pk").values_list("pk", "is_residential"))
        self.population_ids = list(Population.objects.order_by("pk").values_list("pk", flat=True))


def _services(number: int, ref: _Reference) -> list[tuple[int, bool]]:
    """The organization's services (2 to 4), as (pk, is_residential)."""
    picked = [ref.services[(number + j * 5) % len(ref.services)] for j in range(2 + number % 3)]
    return list(dict.fromkeys(picked))


def _organization(number: int, name: str, ref: _Reference, today: datetime.date) -> Organization:
    area_code = AREA_CODES[number % len(AREA_CODES)]
    phone = f"+1{area_code}5550{100 + number % 100}"
    return Organization(
        name=name,
        name_key=name_key(name),
        slug=slugify(name),
        sector_id=ref.sector_ids[number % len(ref.sector_ids)],
        description=f"{name} is generated benchmark data.",
        website=f"https://www.{slugify(name)}{EMAIL_DOMAIN_SUFFIX}/",
        public_email=f"info@{slugify(name)}{EMAIL_DOMAIN_SUFFIX}",
        public_phone=phone,
        public_phone_visibility=(Visibility.PUBLIC, Visibility.PARTNERS)[number % 2],
        street_address=f"{100 + number} Benchmark Street, Springfield, MO 65802",
        street_address_visibility=Visibility.STAFF,
        street_address_protected=any(residential for _pk, residential in _services(number, ref)),
        mailing_address=f"P.O. Box {number}, Jefferson City, MO 65101",
        statewide=number % 10 == 0,
        serves_sex_trafficking=number % 3 != 2,
        serves_labor_trafficking=number % 3 != 0,
        languages=("English", "English, Spanish")[number % 2],
        accepts_referrals=number % 4 != 0,
        joined_on=today - datetime.timedelta(days=30 + number % 2000),
        profile_confirmed_on=today - datetime.timedelta(days=number % 500),
    )


def _links(number: int, ref: _Reference, organization_id: int, statewide: bool) -> dict:
    """The organization's counties (1 to 3), services (2 to 4) and populations (1 to 3)."""
    areas = (
        []
        if statewide
        else [
            ref.area_ids[(number * 37 + j * 11) % len(ref.area_ids)] for j in range(1 + number % 3)
        ]
    )
    services = [pk for pk, _residential in _services(number, ref)]
    populations = [
        ref.population_ids[(number + j * 3) % len(ref.population_ids)]
        for j in range(1 + number % 3)
    ]
    return {
        "counties": [(organization_id, pk) for pk in dict.fromkeys(areas)],
        "services": [(organization_id, pk) for pk in dict.fromkeys(services)],
        "populations": [(organization_id, pk) for pk in dict.fromkeys(populations)],
    }


def _people(number: int, organization: Organization, password_hash: str) -> list[tuple]:
    """(user, role, title) for the organization's ten people."""
    domain = f"{organization.slug}{EMAIL_DOMAIN_SUFFIX}"
    people = []
    for j in range(PEOPLE_PER_ORGANIZATION):
        if j == 0:
            role, title = Role.PRIMARY_CONTACT, "Program Director"
        elif j == 1:
            role, title = Role.EXECUTIVE_LEADER, "Executive Director"
        else:
            role, title = Role.STAFF, STAFF_TITLES[(number + j) % len(STAFF_TITLES)]
        first = FIRST_NAMES[(number * PEOPLE_PER_ORGANIZATION + j) % len(FIRST_NAMES)]
        last = LAST_NAMES[(number * 3 + j * 7) % len(LAST_NAMES)]
        user = User(
            email=f"person{j + 1:02d}@{domain}",
            full_name=f"{first} {last}",
            title=title,
            password=password_hash,
        )
        people.append((user, role, title))
    return people


def _ids_by(model, field_name: str, objects: list) -> None:
    """Fills in primary keys when the database could not return them from the bulk insert."""
    if all(obj.pk for obj in objects):
        return
    values = [getattr(obj, field_name) for obj in objects]
    pks = dict(model.objects.filter(**{f"{field_name}__in": values}).values_list(field_name, "pk"))
    for obj in objects:
        obj.pk = pks[getattr(obj, field_name)]


@transaction.atomic
def seed_scale_data(
    *, count: int, password_hash: str, batch_size: int = BATCH_SIZE, progress: bool = True
) -> int:
    """Creates the missing ones of Scale Partner 1..count with their people; returns how many."""
    width = max(4, len(str(count)))
    existing = set(
        Organization.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True)
    )
    todo = [
        (number, name)
        for number in range(1, count + 1)
        if slugify(name := scale_name(number, width)) not in existing
    ]
    if not todo:
        return 0

    ref = _Reference()
    today = timezone.localdate()
    CountyLink = Organization.counties.through
    ServiceLink = Organization.services.through
    PopulationLink = Organization.populations.through

    with tqdm(
        total=len(todo), unit="org", desc="Scale partners", disable=None if progress else True
    ) as bar:
        for batch in _chunks(todo, batch_size):
            organizations = [_organization(number, name, ref, today) for number, name in batch]
            Organization.objects.bulk_create(organizations)
            _ids_by(Organization, "slug", organizations)

            counties, services, populations, people = [], [], [], []
            for (number, _name), organization in zip(batch, organizations, strict=True):
                links = _links(number, ref, organization.pk, organization.statewide)
                counties += [CountyLink(organization_id=o, area_id=a) for o, a in links["counties"]]
                services += [
                    ServiceLink(organization_id=o, service_id=s) for o, s in links["services"]
                ]
                populations += [
                    PopulationLink(organization_id=o, population_id=p)
                    for o, p in links["populations"]
                ]
                people += [
                    (organization, *person)
                    for person in _people(number, organization, password_hash)
                ]
            CountyLink.objects.bulk_create(counties)
            ServiceLink.objects.bulk_create(services)
            PopulationLink.objects.bulk_create(populations)

            users = [user for _organization, user, _role, _title in people]
            User.objects.bulk_create(users)
            _ids_by(User, "email", users)
            Membership.objects.bulk_create(
                Membership(
                    user_id=user.pk,
                    organization_id=organization.pk,
                    role=role,
                    title=title,
                    started_on=organization.joined_on,
                )
                for organization, user, role, title in people
            )
            EmailAddress.objects.bulk_create(
                EmailAddress(user_id=user.pk, email=user.email, verified=True, primary=True)
                for user in users
            )
            bar.update(len(batch))
    # bulk_create sends no signals: retire the cached public pages as a save would.
    transaction.on_commit(page_cache.bump_version)
    return len(todo)
