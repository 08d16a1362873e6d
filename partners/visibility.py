"""Who may see what of an organization: the one place that decides it.

Every page, export and e-mail that shows an organization's contact fields asks this module.
Templates never re-implement the rule: they render what `visible_contacts` returns.

Viewers, from least to most entitled:

- the public (anonymous, or signed in without a current membership of an active organization);
- a partner: a current member of any active organization;
- a person of the organization itself (current membership): sees all of its own fields, so
  they can keep them up to date;
- coalition staff (``user.is_staff``, the Coalition Director): sees everything, on a page only
  in a session that passed two-factor sign-in (``cate_portal.mfa.has_staff_clearance``, issue
  10 rule 9). Until then a staff account is what it otherwise is: a partner or the public.
  Pages take their viewer from ``viewer_for_request``; ``viewer_for(user)`` is for e-mails and
  exports built outside a request, which have no session.

Defence in depth: a protected street address never reaches the public, whatever visibility is
stored for it. It is protected while the organization offers a residential service (shelter or
housing) and, once it has offered one, until the director releases it
(``Organization.street_address_protected``, issue 10 rule 10).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from cate_portal.mfa import has_staff_clearance

from .models import Membership, Organization, OrganizationStatus, Role, Service, Visibility
from .models.organizations import CONTACT_FIELDS

# Visibility levels in order: a viewer at one level sees the fields at that level and below.
RANK = {Visibility.PUBLIC: 0, Visibility.PARTNERS: 1, Visibility.STAFF: 2}

# The most open a protected street address (a shelter's, a housing program's) may ever be.
RESIDENTIAL_STREET_ADDRESS_FLOOR = Visibility.PARTNERS

LABELS = {
    "public_email": gettext_lazy("E-mail"),
    "public_phone": gettext_lazy("Phone"),
    "street_address": gettext_lazy("Street address"),
    "mailing_address": gettext_lazy("Mailing address"),
    "hotline_number": gettext_lazy("Hotline"),
}

# Phone first: someone looking for help right now calls; the hotline, then the phone, lead.
DISPLAY_ORDER = (
    "hotline_number",
    "public_phone",
    "public_email",
    "street_address",
    "mailing_address",
)

_REQUEST_CACHE_ATTRIBUTE = "_partners_viewer"


@dataclass(frozen=True)
class Viewer:
    """What the visibility rules need to know about the person looking, computed once."""

    is_staff: bool = False
    is_partner: bool = False
    organization_ids: frozenset[int] = field(default_factory=frozenset)
    # Active organizations this person currently leads (executive leader): what leadership's
    # rule "who is the leadership" needs (`leadership.permissions.is_leadership`).
    led_organization_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_public(self) -> bool:
        return not (self.is_staff or self.is_partner or self.organization_ids)


ANONYMOUS = Viewer()


@dataclass(frozen=True)
class ContactField:
    """One contact field the viewer may see, ready to render."""

    name: str
    label: str
    value: str
    visibility: Visibility  # the effective visibility (after the residential rule)
    href: str = ""
    note: str = ""  # e.g. the hotline's hours

    @property
    def is_restricted(self) -> bool:
        return self.visibility != Visibility.PUBLIC

    @property
    def visibility_label(self) -> str:
        return Visibility(self.visibility).label


def _viewer(user: Any, *, is_staff: bool) -> Viewer:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    rows = list(
        Membership.objects.current()
        .filter(user=user)
        .values_list("organization_id", "organization__status", "role")
    )
    return Viewer(
        is_staff=is_staff,
        is_partner=any(status == OrganizationStatus.ACTIVE for _, status, _ in rows),
        organization_ids=frozenset(org_id for org_id, _, _ in rows),
        led_organization_ids=frozenset(
            org_id
            for org_id, status, role in rows
            if status == OrganizationStatus.ACTIVE and role == Role.EXECUTIVE_LEADER
        ),
    )


def viewer_for(user: Any) -> Viewer:
    """The viewer for a user outside a request (an e-mail, an export built by a command): staff
    by ``user.is_staff``. One query for their current memberships (none if anonymous).

    Never for a page: a page's viewer is ``viewer_for_request``, where staff must also have
    passed two-factor sign-in in the session.
    """
    return _viewer(user, is_staff=bool(getattr(user, "is_staff", False)))


def viewer_for_request(request: Any) -> Viewer:
    """The request's viewer, computed once per request however many organizations are shown.

    Staff only with ``has_staff_clearance``: a staff account whose session did not pass a
    second factor is a partner (with a current membership of an active organization) or the
    public.
    """
    viewer = getattr(request, _REQUEST_CACHE_ATTRIBUTE, None)
    if viewer is None:
        viewer = _viewer(getattr(request, "user", None), is_staff=has_staff_clearance(request))
        setattr(request, _REQUEST_CACHE_ATTRIBUTE, viewer)
    return viewer


def as_viewer(user_or_viewer: Any) -> Viewer:
    """A Viewer as it is, or the viewer for a user (one query: see `viewer_for`)."""
    if isinstance(user_or_viewer, Viewer):
        return user_or_viewer
    return viewer_for(user_or_viewer)


def viewer_level(user_or_viewer: Any, organization: Organization | None = None) -> Visibility:
    """The most restricted visibility this viewer may see (of `organization`, when given)."""
    viewer = as_viewer(user_or_viewer)
    if viewer.is_staff:
        return Visibility.STAFF
    if organization is not None and organization.pk in viewer.organization_ids:
        return Visibility.STAFF
    if viewer.is_partner:
        return Visibility.PARTNERS
    return Visibility.PUBLIC


def street_address_may_be_public(services: Iterable[Service]) -> bool:
    """An organization offering shelter or housing never publishes its street address."""
    return not any(service.is_residential for service in services)


def street_address_visibility_allowed(
    services: Iterable[Service], visibility: str, *, protected: bool = False
) -> bool:
    """Whether a street address may be stored with this visibility, given the services offered
    after the change and whether the address is already protected (`street_address_protected`:
    the organization offered shelter or housing before, even if it no longer does)."""
    return (not protected and street_address_may_be_public(services)) or (
        RANK[Visibility(visibility)] >= RANK[RESIDENTIAL_STREET_ADDRESS_FLOOR]
    )


def offers_residential_service(organization: Organization) -> bool:
    """Shelter or housing. Uses prefetched services when the queryset prefetched them."""
    return not street_address_may_be_public(organization.services.all())


def street_address_is_protected(organization: Organization) -> bool:
    """Protected once the organization has offered shelter or housing, until the director
    releases it; and always while it offers one (whatever the flag says)."""
    return bool(organization.street_address_protected) or offers_residential_service(organization)


def effective_visibility(organization: Organization, field_name: str) -> Visibility:
    """The stored visibility of a contact field, tightened by the shelter rule."""
    stored = Visibility(getattr(organization, CONTACT_FIELDS[field_name]))
    if (
        field_name == "street_address"
        and RANK[stored] < RANK[RESIDENTIAL_STREET_ADDRESS_FLOOR]
        and street_address_is_protected(organization)
    ):
        return RESIDENTIAL_STREET_ADDRESS_FLOOR
    return stored


def allowed_visibilities(organization: Organization, field_name: str) -> list[Visibility]:
    """The visibilities a profile form may offer for a field (for the portal's forms)."""
    if field_name == "street_address" and street_address_is_protected(organization):
        floor = RANK[RESIDENTIAL_STREET_ADDRESS_FLOOR]
        return [v for v in Visibility if RANK[v] >= floor]
    return list(Visibility)


def can_see(organization: Organization, field_name: str, user_or_viewer: Any) -> bool:
    level = viewer_level(user_or_viewer, organization)
    return RANK[effective_visibility(organization, field_name)] <= RANK[level]


def _render(organization: Organization, field_name: str) -> tuple[str, str]:
    value = getattr(organization, field_name)
    if field_name in ("public_phone", "hotline_number"):
        if not value.is_valid():  # stored before validation, or imported: show it as typed
            return str(value), ""
        return value.as_national, f"tel:{value.as_e164}"
    if field_name == "public_email":
        return value, f"mailto:{value}"
    return value, ""


def visible_contacts(organization: Organization, user_or_viewer: Any) -> list[ContactField]:
    """The filled-in contact fields this viewer may see, hotline and phone first (DISPLAY_ORDER).

    Pass a `Viewer` (from `viewer_for_request`) when showing many organizations: a user costs
    one query for their memberships each call.
    """
    viewer = as_viewer(user_or_viewer)
    level = RANK[viewer_level(viewer, organization)]
    contacts = []
    for field_name in DISPLAY_ORDER:
        if not getattr(organization, field_name):
            continue
        visibility = effective_visibility(organization, field_name)
        if RANK[visibility] > level:
            continue
        value, href = _render(organization, field_name)
        note = organization.hotline_hours if field_name == "hotline_number" else ""
        contacts.append(
            ContactField(
                name=field_name,
                label=LABELS[field_name],
                value=str(value),
                visibility=visibility,
                href=href,
                note=note,
            )
        )
    return contacts


def logo_is_public(organization: Organization) -> bool:
    """A logo is public exactly when the organization's profile is: while it is active (the
    directory and profiles show active organizations only). Nothing else about the viewer
    matters: a logo has no per-field visibility."""
    return bool(organization.logo) and organization.status == OrganizationStatus.ACTIVE


def public_logo_url(organization: Organization) -> str:
    """Where the page may load the organization's logo, or "" when there is none to show. No
    query: it reads the row's own fields. The address names the logo's version (the row's last
    change), so a replaced logo is fetched anew; the file is served by
    ``partners.organizations.views.organization_logo``, which asks `logo_is_public` again."""
    if not logo_is_public(organization):
        return ""
    version = int(organization.updated_at.timestamp()) if organization.updated_at else 0
    return f"{reverse('partners:logo', kwargs={'slug': organization.slug})}?v={version}"
