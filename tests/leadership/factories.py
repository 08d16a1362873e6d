"""factory_boy factories of the leadership app."""

import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from cate_portal.private_files import KINDS, private_storage, private_upload_path
from leadership.models import (
    Delegation,
    Proposal,
    ProposalKind,
    Resource,
    ResourceStatus,
    ResourceVisibility,
    Seat,
    SeatKind,
    Term,
    Vote,
    VoteChoice,
)
from tests.factories import ApplicationFactory, OrganizationFactory, UserFactory
from tests.sample_files import PDF


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    kind = SeatKind.OFFICER
    title = factory.Sequence(lambda n: f"Officer seat {n}")


class PartnerSeatFactory(SeatFactory):
    kind = SeatKind.PARTNER
    organization = factory.SubFactory(OrganizationFactory)
    title = factory.LazyAttribute(lambda seat: seat.organization.name)


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    seat = factory.SubFactory(SeatFactory)
    name = factory.Faker("name")
    title = "Executive Director"
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))


class ProposalFactory(factory.django.DjangoModelFactory):
    """Open by default: opened yesterday, closes in six days."""

    class Meta:
        model = Proposal

    title = factory.Sequence(lambda n: f"Proposal {n}")
    text = "The coalition adopts the plan."
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=6))
    created_by = factory.SubFactory(UserFactory, is_staff=True)


class AdmitProposalFactory(ProposalFactory):
    """A proposal to admit the organization of a submitted application: closed by default
    (opened five days ago, closed yesterday)."""

    kind = ProposalKind.ADMIT_ORGANIZATION
    application = factory.SubFactory(ApplicationFactory)
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=5))
    closes_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    proposal = factory.SubFactory(ProposalFactory)
    organization = factory.SubFactory(OrganizationFactory)
    cast_by = factory.SubFactory(UserFactory)
    choice = VoteChoice.YES


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    named_by = factory.SubFactory(UserFactory)


def withdraw(organization) -> None:
    """Marks an organization withdrawn directly, without the status service (and so without
    its seat following): for tests of what reads the status."""
    organization.status = "withdrawn"
    organization.save(update_fields=["status"])


def stored_pdf() -> str:
    """Stores tests.sample_files.PDF privately, as the services do; returns its name."""
    return private_storage().save(private_upload_path("resources", KINDS["pdf"]), ContentFile(PDF))


class ResourceFactory(factory.django.DjangoModelFactory):
    """An approved link for partners, contributed by the coalition; `with_file=True` makes it a
    stored PDF (tests.sample_files.PDF) instead."""

    class Meta:
        model = Resource

    class Params:
        with_file = False

    title = factory.Sequence(lambda n: f"Resource {n}")
    description = "A guide for partners."
    visibility = ResourceVisibility.PARTNERS
    status = ResourceStatus.APPROVED
    link = factory.Maybe("with_file", "", "https://example.org/guide")
    file = factory.Maybe("with_file", factory.LazyFunction(stored_pdf), "")
    file_size = factory.Maybe("with_file", len(PDF), None)
