"""Demo data for the shared values, the fiscal sponsor and funding. Idempotent.

`seed_values_demo()` is called by `seed_demo` once the organizations exist (it needs Healing
Action, slug "healing-action"). Running it again creates nothing new.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from partners.models import (
    Agreement,
    FiscalSponsorship,
    Funder,
    FunderKind,
    Membership,
    Organization,
    SharedValue,
    Support,
    SupportStatus,
    ValuesVersion,
    ValuesVersionStatus,
)
from partners.values.services import adopt_version

FIRST_VERSION = {
    "label": "2024",
    "slug": "2024",
    "adopted_on": datetime.date(2024, 3, 14),
    "adoption_note": "Approved by the Collaborative Partners at the spring membership meeting "
    "of March 14, 2024, after a three-month comment period.",
    "vision": "A Missouri where no one is bought, sold or exploited, and where every survivor "
    "of trafficking is met with safety, respect and the support to build the life they choose.",
    "mission": "CATE unites organizations across Missouri to prevent and respond to all forms of "
    "human trafficking and exploitation: we build collaboration between partners, engage "
    "communities, and share the knowledge and skills that make every response stronger.",
    "values": [
        (
            "Survivors at the center",
            "Survivors' safety, dignity and choices guide our work. We listen to people with "
            "lived experience and never ask a survivor to tell their story as the price of help.",
        ),
        (
            "Partnership among equals",
            "Every Collaborative Partner has an equal voice, whatever its size. We share "
            "responsibility, resources and credit.",
        ),
        (
            "Confidentiality",
            "We protect the information that keeps people safe: the locations of shelters, the "
            "identities of survivors and what partners tell one another in trust.",
        ),
        (
            "Equity and inclusion",
            "We serve every person whatever their origin, immigration status, gender, sexual "
            "orientation, age or circumstances, and we work to remove the barriers that make "
            "some people more vulnerable to exploitation.",
        ),
        (
            "Trauma-informed practice",
            "We understand how trauma shapes people's lives and design our services, trainings "
            "and meetings so that they do not cause further harm.",
        ),
        (
            "Accountability",
            "We keep our commitments to survivors, partners and funders, use resources with "
            "care, and measure our work honestly.",
        ),
    ],
}

# The coalition's first statement, adopted when the partners first met as CATE and retired by
# the 2024 version: the evaluation's compliance chart shows both.
FOUNDING_VERSION = {
    "label": "2019",
    "slug": "2019",
    "adopted_on": datetime.date(2019, 4, 1),
    "adoption_note": "Approved by the founding partners at the first membership meeting of "
    "April 1, 2019.",
    "vision": "A Missouri free of human trafficking, where every survivor is safe and supported.",
    "mission": "CATE brings Missouri's organizations together to prevent human trafficking and "
    "to respond to it as one coalition.",
    "values": FIRST_VERSION["values"][:3],
}

FUNDERS = [
    {
        "name": "Gateway Community Foundation",
        "kind": FunderKind.FOUNDATION,
        "contact_name": "Program Officer, Safety and Justice",
        "publicly_acknowledged": True,
        "notes": "Prefers a short report each June. Interested in rural outreach.",
        "support": [
            {
                "amount": Decimal("75000.00"),
                "years": (-1, 1),
                "purpose": "General operating support for the coalition.",
                "status": SupportStatus.AWARDED,
            },
        ],
    },
    {
        "name": "Riverfront Health Foundation",
        "kind": FunderKind.FOUNDATION,
        "contact_name": "Grants Manager",
        "publicly_acknowledged": True,
        "notes": "Renewal conversation due before the end of the award.",
        "support": [
            {
                "amount": Decimal("40000.00"),
                "years": (0, 0),
                "purpose": "Trauma-informed care trainings for healthcare partners.",
                "restrictions": "Restricted to training costs.",
                "status": SupportStatus.AWARDED,
                "ends_in_days": 60,
            },
        ],
    },
    {
        "name": "Mid-Rivers Logistics Company",
        "kind": FunderKind.CORPORATION,
        "contact_name": "Community Giving Lead",
        "publicly_acknowledged": False,
        "notes": "Asked not to be named publicly yet.",
        "support": [
            {
                "amount": Decimal("15000.00"),
                "years": (0, 0),
                "purpose": "Labor-trafficking awareness for the transportation sector.",
                "status": SupportStatus.APPLIED,
            },
        ],
    },
    {
        "name": "Ozark Regional Bank",
        "kind": FunderKind.CORPORATION,
        "contact_name": "Foundation Officer",
        "publicly_acknowledged": True,
        "notes": "",
        "support": [
            {
                "amount": Decimal("10000.00"),
                "years": (-2, -1),
                "purpose": "Partner convening.",
                "status": SupportStatus.ENDED,
            },
        ],
    },
]


@dataclass
class ValuesDemoResult:
    version_created: bool
    sponsorship_created: bool
    funders_created: int
    agreements_created: int


def _ensure_version(data: dict, *, adopt: bool) -> tuple[ValuesVersion, bool]:
    """The version with this slug, created (and adopted, when `adopt`) if missing."""
    existing = ValuesVersion.objects.filter(slug=data["slug"]).first()
    if existing is not None:
        return existing, False
    version = ValuesVersion.objects.create(
        label=data["label"],
        slug=data["slug"],
        vision=data["vision"],
        mission=data["mission"],
        adoption_note=data["adoption_note"],
    )
    for order, (name, description) in enumerate(data["values"], start=1):
        SharedValue.objects.create(version=version, name=name, description=description, order=order)
    if adopt:
        version = adopt_version(version=version, adopted_on=data["adopted_on"])
    return version, True


def _ensure_founding_version() -> ValuesVersion | None:
    """The 2019 version, adopted then retired by the 2024 one. Only in a fresh demo database:
    a version cannot be adopted before the current one, so a database seeded before it existed
    goes without it."""
    if ValuesVersion.objects.filter(slug=FIRST_VERSION["slug"]).exists():
        return ValuesVersion.objects.filter(slug=FOUNDING_VERSION["slug"]).first()
    adopted = ValuesVersion.objects.filter(status=ValuesVersionStatus.ADOPTED).first()
    adopt = adopted is None or adopted.adopted_on <= FOUNDING_VERSION["adopted_on"]
    return _ensure_version(FOUNDING_VERSION, adopt=adopt)[0]


def _ensure_first_version() -> tuple[ValuesVersion, bool]:
    adopted = ValuesVersion.objects.filter(status=ValuesVersionStatus.ADOPTED).first()
    adopt = adopted is None or adopted.adopted_on <= FIRST_VERSION["adopted_on"]
    return _ensure_version(FIRST_VERSION, adopt=adopt)


def _ensure_sponsorship() -> bool:
    healing_action = Organization.objects.filter(slug="healing-action").first()
    if (
        healing_action is None
        or FiscalSponsorship.objects.filter(organization=healing_action).exists()
    ):
        return False
    if FiscalSponsorship.objects.current().exists():
        return False
    sponsorship = FiscalSponsorship(
        organization=healing_action,
        started_on=datetime.date(2018, 1, 1),
        provides_home_office=True,
        provides_fiscal_agent=True,
        employs_staff=True,
        notes="Sponsorship agreement renewed every three years; administrative fee 8%.",
    )
    sponsorship.full_clean()
    sponsorship.save()
    return True


def _ensure_funders(today: datetime.date) -> int:
    created = 0
    for data in FUNDERS:
        funder, was_created = Funder.objects.get_or_create(
            name=data["name"],
            defaults={
                "kind": data["kind"],
                "contact_name": data["contact_name"],
                "publicly_acknowledged": data["publicly_acknowledged"],
                "notes": data["notes"],
            },
        )
        if not was_created:
            continue
        created += 1
        for support in data["support"]:
            first, last = support["years"]
            ended_on = datetime.date(today.year + last, 12, 31)
            if "ends_in_days" in support:
                ended_on = today + datetime.timedelta(days=support["ends_in_days"])
            Support.objects.create(
                funder=funder,
                amount=support["amount"],
                started_on=datetime.date(today.year + first, 1, 1),
                ended_on=ended_on,
                purpose=support["purpose"],
                restrictions=support.get("restrictions", ""),
                status=support["status"],
                renewal_on=ended_on - datetime.timedelta(days=30),
            )
    return created


def _ensure_some_signatures(version: ValuesVersion, *, today: datetime.date) -> int:
    """Most demo partners signed the current version; every fourth has not, so the report shows
    both states."""
    if version.status != ValuesVersionStatus.ADOPTED:
        return 0
    active = Organization.objects.active().exclude(name__startswith="Scale Partner")
    organizations = [o for i, o in enumerate(active.order_by("slug")) if i % 4 != 3]
    return _sign(version, organizations, today=today)


def _ensure_founding_signatures(version: ValuesVersion | None, *, today: datetime.date) -> int:
    """The partners that joined while the 2019 version was in force signed it, but every fifth."""
    if version is None or version.status != ValuesVersionStatus.RETIRED:
        return 0
    joined = (
        Organization.objects.exclude(name__startswith="Scale Partner")
        .filter(joined_on__lt=version.retired_on)
        .order_by("slug")
    )
    organizations = [o for i, o in enumerate(joined) if i % 5 != 4]
    return _sign(version, organizations, today=today)


def _sign(version: ValuesVersion, organizations: list, *, today: datetime.date) -> int:
    """Each organization's signature of `version` by a manager, ten days after the later of
    the adoption and its joining (never after today)."""
    managers = {
        m.organization_id: m
        for m in Membership.objects.managing()
        .filter(organization__in=organizations)
        .select_related("user")
        .order_by("role", "pk")
    }
    created = 0
    for organization in organizations:
        start = max(version.adopted_on, organization.joined_on or version.adopted_on)
        signed_at = timezone.make_aware(
            datetime.datetime.combine(
                min(start + datetime.timedelta(days=10), today), datetime.time(10)
            )
        )
        manager = managers.get(organization.pk)
        if (
            manager is None
            or Agreement.objects.filter(organization=organization, version=version).exists()
        ):
            continue
        agreement = Agreement(
            organization=organization,
            version=version,
            signed_by=manager.user,
            signer_name=manager.user.get_full_name() or manager.user.email,
            signer_title=manager.title or manager.get_role_display(),
            attested=True,
            signed_at=signed_at,
            text_hash=version.adopted_text_hash or version.text_hash(),
            ip_address="192.0.2.10",
        )
        agreement.full_clean()
        agreement.save()
        created += 1
    return created


@transaction.atomic
def seed_values_demo(*, today: datetime.date | None = None) -> ValuesDemoResult:
    today = today or timezone.localdate()
    founding = _ensure_founding_version()
    version, version_created = _ensure_first_version()
    version = ValuesVersion.objects.with_values().get(pk=version.pk)
    if founding is not None:
        founding.refresh_from_db()
    return ValuesDemoResult(
        version_created=version_created,
        sponsorship_created=_ensure_sponsorship(),
        funders_created=_ensure_funders(today),
        agreements_created=_ensure_founding_signatures(founding, today=today)
        + _ensure_some_signatures(version, today=today),
    )
