"""Reads about an organization's people that several topics need."""

from partners.models import Membership, Organization, Role


def primary_contact_emails(organization: Organization) -> list[str]:
    """The addresses of the organization's current primary contacts whose account is active
    (a deactivated account gets no e-mail), sorted."""
    return sorted(
        Membership.objects.current()
        .filter(organization=organization, role=Role.PRIMARY_CONTACT, user__is_active=True)
        .values_list("user__email", flat=True)
    )
