"""Applications to join the coalition, sent through the public form at /apply/.

An application moves through a small set of statuses; the allowed moves are written down once
(ALLOWED_TRANSITIONS) and every move goes through partners.applications.services, which records
who made it, when and why in ApplicationTransition. Approval creates the organization.
"""

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from cate_portal.models import Area

# private_storage stays importable from here: migration 0004 names it by this path.
from cate_portal.private_files import PrivateStorage, private_storage  # noqa: F401
from cate_portal.text import validate_comparable_name, validate_single_line

from .organizations import NAME_KEY_LENGTH, Organization, name_key
from .taxonomy import Population, Sector, Service
from .values import ValuesVersion


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")


# The only moves an application can make; "" is "not yet submitted".
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    "": frozenset({ApplicationStatus.SUBMITTED}),
    ApplicationStatus.SUBMITTED: frozenset(
        {
            ApplicationStatus.IN_REVIEW,
            ApplicationStatus.APPROVED,
            ApplicationStatus.DECLINED,
            ApplicationStatus.WITHDRAWN,
        }
    ),
    ApplicationStatus.IN_REVIEW: frozenset(
        {ApplicationStatus.APPROVED, ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN}
    ),
    ApplicationStatus.APPROVED: frozenset(),
    ApplicationStatus.DECLINED: frozenset(),
    ApplicationStatus.WITHDRAWN: frozenset(),
}

OPEN_STATUSES = frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW})


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in ALLOWED_TRANSITIONS.get(from_status, frozenset())


def hash_status_token(token: str) -> str:
    """Only a hash of the status link's token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def supporting_document_path(instance: "Application", filename: str) -> str:
    # The uploaded name is never used on disk.
    return f"applications/{timezone.now():%Y}/{uuid.uuid4().hex}.pdf"


class ApplicationQuerySet(models.QuerySet):
    def open(self) -> "ApplicationQuerySet":
        return self.filter(status__in=OPEN_STATUSES)


class Application(models.Model):
    reference = models.CharField(max_length=20, unique=True, editable=False)
    status = models.CharField(
        max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_from_ip = models.GenericIPAddressField("submitted from IP", null=True, blank=True)
    status_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The language of the page the application was sent from: the applicant's e-mails (received,
    # approved, declined) are written in it.
    language = models.CharField(
        "applicant's language",
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        db_default="en",
        editable=False,
    )

    # The organization, as in its directory profile.
    organization_name = models.CharField(
        "organization name",
        max_length=200,
        validators=[validate_single_line, validate_comparable_name],
    )
    # name_key(organization_name), set on every save: the duplicate check compares it with the
    # organizations' name_key and the open applications' keys, an indexed equality.
    organization_name_key = models.CharField(
        max_length=NAME_KEY_LENGTH, blank=True, editable=False, db_index=True
    )
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="applications")
    website = models.URLField(blank=True, validators=[validate_single_line])
    statewide = models.BooleanField("serves all of Missouri", default=False)
    counties = models.ManyToManyField(Area, blank=True, related_name="applications")
    services = models.ManyToManyField(Service, blank=True, related_name="applications")
    populations = models.ManyToManyField(Population, blank=True, related_name="applications")
    serves_sex_trafficking = models.BooleanField("sex trafficking", default=False)
    serves_labor_trafficking = models.BooleanField("labor trafficking", default=False)
    description = models.TextField("short description", max_length=2000)
    public_email = models.EmailField("public e-mail", blank=True, validators=[validate_single_line])
    public_phone = PhoneNumberField("public phone", blank=True, region="US")

    # The contact person and the executive leader.
    contact_name = models.CharField(
        "contact person's name", max_length=200, validators=[validate_single_line]
    )
    contact_title = models.CharField(
        "contact person's title", max_length=200, validators=[validate_single_line]
    )
    contact_email = models.EmailField("contact person's e-mail", validators=[validate_single_line])
    contact_phone = PhoneNumberField("contact person's phone", region="US")
    executive_name = models.CharField(
        "executive leader's name", max_length=200, validators=[validate_single_line]
    )
    executive_title = models.CharField(
        "executive leader's title", max_length=200, validators=[validate_single_line]
    )
    executive_email = models.EmailField(
        "executive leader's e-mail", validators=[validate_single_line]
    )

    # The three Collaborative Partner commitments, and consent.
    commits_priority = models.BooleanField(
        "anti-trafficking interventions are an organizational priority", default=False
    )
    priority_how = models.TextField("how", max_length=2000)
    commits_values = models.BooleanField("adheres to the shared values", default=False)
    values_version = models.ForeignKey(
        ValuesVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        help_text="The version of the shared values shown on the form when it was sent.",
    )
    commits_sharing = models.BooleanField("will share responsibility and resources", default=False)
    sharing_how = models.TextField("how", max_length=2000)
    privacy_consent = models.BooleanField("consented to the privacy notice", default=False)

    supporting_document = models.FileField(
        upload_to=supporting_document_path, storage=private_storage, blank=True
    )

    # Set when the name matches an existing organization or an open application.
    is_flagged = models.BooleanField("flagged for the director", default=False)
    flag_reason = models.TextField(blank=True)

    organization = models.OneToOneField(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
        help_text="The organization created when the application was approved.",
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "-submitted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.APPROVED) | Q(organization__isnull=False),
                name="application_approved_has_organization",
            ),
            models.CheckConstraint(
                condition=Q(commits_priority=True)
                & Q(commits_values=True)
                & Q(commits_sharing=True)
                & Q(privacy_consent=True),
                name="application_commitments_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.organization_name}"

    def save(self, *args, **kwargs) -> None:
        self.organization_name_key = name_key(self.organization_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "organization_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "organization_name_key"}
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def can_be_withdrawn(self) -> bool:
        return can_transition(self.status, ApplicationStatus.WITHDRAWN)

    @property
    def can_be_approved(self) -> bool:
        return can_transition(self.status, ApplicationStatus.APPROVED)

    @property
    def can_be_declined(self) -> bool:
        return can_transition(self.status, ApplicationStatus.DECLINED)

    @property
    def can_start_review(self) -> bool:
        return can_transition(self.status, ApplicationStatus.IN_REVIEW)


class ApplicationTransition(models.Model):
    """One move of an application: from which status to which, who, when and why. Kept."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="transitions"
    )
    from_status = models.CharField(max_length=12, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ApplicationStatus.choices)
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the applicant acted (through the form or the status link) or "
        "the system did (cate_portal.actors).",
    )
    by_applicant = models.BooleanField(default=False)
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            # The applicant, a person, or neither (the system): never both.
            models.CheckConstraint(
                condition=Q(by_applicant=False) | Q(by_user__isnull=True),
                name="application_transition_one_actor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.from_status or '—'} → {self.to_status}"

    @property
    def actor(self) -> str:
        if self.by_applicant:
            return "The applicant"
        if self.by_user is None:
            return "The system"
        return self.by_user.get_full_name() or self.by_user.email


class ApplicationYearCounter(models.Model):
    """The last reference number given in a year: CATE-<year>-<last>, handed out under a lock."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
