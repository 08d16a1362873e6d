"""factory_boy factories shared by every test folder."""

import datetime

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from django.utils.text import slugify

from cate_portal.models import Area, User
from partners.models import Membership, Organization, Role, Sector, Service

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """A verified primary address, as allauth requires to sign in (verified=False skips it)."""
        obj.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Partner Organization {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    sector = factory.LazyFunction(lambda: Sector.objects.get(slug="nonprofit-service-provider"))
    description = "Serves survivors of trafficking."
    joined_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=400))
    profile_confirmed_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def counties(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.counties.set(extracted)

    @factory.post_generation
    def services(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.services.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.STAFF
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


def area(name: str) -> Area:
    return Area.objects.get(name=name)


def service(slug: str) -> Service:
    return Service.objects.get(slug=slug)


# --- Shared values, the fiscal sponsor and funding (issue 5) ---------------------------------


class ValuesVersionFactory(factory.django.DjangoModelFactory):
    """A draft with three values (values=[(name, description), ...] to choose them)."""

    class Meta:
        model = "partners.ValuesVersion"
        skip_postgeneration_save = True

    label = factory.Sequence(lambda n: f"Version {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.label))
    vision = "A Missouri free from trafficking and exploitation."
    mission = "To unite organizations across Missouri against trafficking."

    @factory.post_generation
    def values(obj, create, extracted, **kwargs):
        if not create:
            return
        from partners.models import SharedValue

        pairs = extracted or [
            ("Survivors first", "Safety and dignity come first."),
            ("Collaboration", "Partners work as equals."),
            ("Confidentiality", "We protect what keeps people safe."),
        ]
        for order, (name, description) in enumerate(pairs, start=1):
            SharedValue.objects.create(version=obj, name=name, description=description, order=order)


def adopted_version(adopted_on: datetime.date | None = None, **kwargs):
    """A version adopted through the service (retiring the current one)."""
    from partners.values.services import adopt_version

    return adopt_version(version=ValuesVersionFactory(**kwargs), adopted_on=adopted_on)


class AgreementFactory(factory.django.DjangoModelFactory):
    """A signature recorded directly (tests of signing itself go through sign_agreement)."""

    class Meta:
        model = "partners.Agreement"

    organization = factory.SubFactory(OrganizationFactory)
    version = factory.LazyFunction(lambda: adopted_version())
    signed_by = factory.SubFactory(UserFactory)
    signer_name = factory.LazyAttribute(lambda o: o.signed_by.full_name)
    signer_title = "Executive Director"
    attested = True
    text_hash = factory.LazyAttribute(lambda o: o.version.text_hash())
    ip_address = "192.0.2.1"


class FiscalSponsorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partners.FiscalSponsorship"

    organization = factory.SubFactory(OrganizationFactory)
    started_on = datetime.date(2018, 1, 1)
    provides_home_office = True
    provides_fiscal_agent = True
    employs_staff = True


class FunderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partners.Funder"

    name = factory.Sequence(lambda n: f"Funder Foundation {n}")
    kind = "foundation"


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partners.Support"

    funder = factory.SubFactory(FunderFactory)
    amount = "10000.00"
    status = "awarded"
    started_on = factory.LazyFunction(lambda: datetime.date(timezone.localdate().year, 1, 1))
    ended_on = factory.LazyFunction(lambda: datetime.date(timezone.localdate().year, 12, 31))


# --- Applications to join (issue 4) ------------------------------------------------------------


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application stored directly (tests of submitting go through the service).

    `give_status_token(application)` sets and returns a known status-link token."""

    class Meta:
        model = "partners.Application"
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"CATE-2000-{n + 1:04d}")
    status = "submitted"
    status_token_hash = factory.Sequence(lambda n: f"{n:064x}")
    organization_name = factory.Sequence(lambda n: f"Applicant Organization {n}")
    sector = factory.LazyFunction(lambda: Sector.objects.get(slug="nonprofit-service-provider"))
    description = "Helps survivors rebuild their lives."
    statewide = True
    serves_sex_trafficking = True
    public_email = "info@applicant.example.org"
    contact_name = "Casey Contact"
    contact_title = "Program Manager"
    contact_email = factory.Sequence(lambda n: f"contact{n}@applicant.example.org")
    contact_phone = "+13145550123"
    executive_name = "Eli Executive"
    executive_title = "Executive Director"
    executive_email = factory.Sequence(lambda n: f"exec{n}@applicant.example.org")
    commits_priority = True
    priority_how = "A full-time survivor advocate."
    commits_values = True
    commits_sharing = True
    sharing_how = "Referrals and training."
    privacy_consent = True

    @factory.post_generation
    def services(obj, create, extracted, **kwargs):
        if create:
            obj.services.set(extracted or [service("case-management")])


def give_status_token(application) -> str:
    import secrets

    from partners.models.applications import hash_status_token

    token = secrets.token_urlsafe(32)
    application.status_token_hash = hash_status_token(token)
    application.save(update_fields=["status_token_hash"])
    return token


def application_form_data(**overrides) -> dict:
    """What a person sends through /apply/ for a complete application (no values version)."""
    from partners.models import ValuesVersion

    current = ValuesVersion.objects.current()
    data = {
        "organization_name": "Northland Survivor Network",
        "sector": str(Sector.objects.get(slug="nonprofit-service-provider").pk),
        "website": "https://northland.example.org",
        "description": "Case management for survivors in the Northland.",
        "public_email": "hello@northland.example.org",
        "public_phone": "(816) 555-0134",
        "counties": [str(area("Clay County").pk), str(area("Platte County").pk)],
        "services": [str(service("case-management").pk)],
        "serves_sex_trafficking": "on",
        "contact_name": "Robin Reyes",
        "contact_title": "Program Director",
        "contact_email": "robin@northland.example.org",
        "contact_phone": "(816) 555-0199",
        "executive_name": "Alex Morgan",
        "executive_title": "Executive Director",
        "executive_email": "alex@northland.example.org",
        "commits_priority": "on",
        "priority_how": "Two full-time advocates.",
        "commits_values": "on",
        "commits_sharing": "on",
        "sharing_how": "Referrals, training and shared data.",
        "privacy_consent": "on",
        "values_version": str(current.pk) if current else "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
