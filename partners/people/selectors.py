"""Reads about an organization's people that several topics need."""

from partners.models import Membership, Organization, Role


def primary_contact_emails(organization: Organization) -> list[str]:
    return sorted(
        Membership.objects.current()
        .filter(organization=organization, role=Role.PRIMARY_CONTACT)
        .values_list("user__email", flat=True)
    )
