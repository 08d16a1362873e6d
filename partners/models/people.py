from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from cate_portal.text import validate_single_line

from .organizations import Organization, OrganizationStatus


class Role(models.TextChoices):
    PRIMARY_CONTACT = "primary_contact", "Primary contact"
    EXECUTIVE_LEADER = "executive_leader", "Executive leader"
    STAFF = "staff", "Staff"


# Roles that edit the organization's profile and manage its people.
MANAGER_ROLES = frozenset({Role.PRIMARY_CONTACT, Role.EXECUTIVE_LEADER})


class MembershipQuerySet(models.QuerySet):
    def current(self) -> "MembershipQuerySet":
        return self.filter(ended_on__isnull=True)

    def managing(self) -> "MembershipQuerySet":
        """Memberships that manage their organization: the rule `Membership.can_manage` states
        for one row, as a query (current, a manager role, an active organization)."""
        return self.current().filter(
            role__in=MANAGER_ROLES, organization__status=OrganizationStatus.ACTIVE
        )


class Membership(models.Model):
    """A person's place in an organization. Ended with a date, never deleted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STAFF)
    title = models.CharField(
        "job title", max_length=200, blank=True, validators=[validate_single_line]
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organization", "role", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                condition=Q(ended_on__isnull=True),
                name="membership_one_current_per_person_and_organization",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}, {self.get_role_display()} at {self.organization}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    @property
    def can_manage(self) -> bool:
        """Who may manage an organization: its current primary contact or executive leader,
        while the organization is active. `MembershipQuerySet.managing` is the same rule as a
        query; partners.permissions asks one or the other, nothing else decides it."""
        return (
            self.is_current
            and self.role in MANAGER_ROLES
            and self.organization.status == OrganizationStatus.ACTIVE
        )
