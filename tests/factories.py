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
