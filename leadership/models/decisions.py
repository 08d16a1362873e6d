"""Decisions of the membership: proposals, one vote per Collaborative Partner, voting delegates.

Votes are changed in place until the proposal closes (django-simple-history keeps each earlier
choice) and are never deleted. When a proposal closes, `settle_proposal`
(leadership.decisions.services) freezes its counts and the number of eligible partners, so a
result never moves afterwards.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cate_portal.private_files import private_storage
from cate_portal.text import validate_single_line
from partners.models import Organization


class ProposalKind(models.TextChoices):
    GENERAL = "general", "General"
    ADOPT_VALUES = "adopt_values", "Adopt a shared values version"
    ADMIT_ORGANIZATION = "admit_organization", "Admit an organization"


class ThresholdRule(models.TextChoices):
    YES_OUTNUMBERS_NO = "yes_outnumbers_no", "Yes outnumbers no"
    YES_MAJORITY_OF_VOTES = "yes_majority_of_votes", "Yes is more than half of all votes cast"
    TWO_THIRDS_OF_YES_AND_NO = "two_thirds", "Yes is at least two thirds of yes and no"


class VoteChoice(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    ABSTAIN = "abstain", "Abstain"


class ProposalQuerySet(models.QuerySet):
    def open(self, now=None) -> "ProposalQuerySet":
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def upcoming(self, now=None) -> "ProposalQuerySet":
        return self.filter(opens_at__gt=now or timezone.now())

    def closed(self, now=None) -> "ProposalQuerySet":
        return self.filter(closes_at__lte=now or timezone.now())


class Proposal(models.Model):
    title = models.CharField(max_length=200, validators=[validate_single_line])
    text = models.TextField()
    kind = models.CharField(
        max_length=20, choices=ProposalKind.choices, default=ProposalKind.GENERAL
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    quorum = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.5"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("0.999"))],
        help_text=(
            "Share of the eligible partners that must vote, as a fraction: quorum is met when "
            "MORE than this share has voted (0.5 = more than half)."
        ),
    )
    threshold = models.CharField(
        "passing threshold",
        max_length=30,
        choices=ThresholdRule.choices,
        default=ThresholdRule.YES_OUTNUMBERS_NO,
    )
    values_version = models.ForeignKey(
        "partners.ValuesVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        help_text="For a proposal to adopt a shared values version: the draft to adopt.",
    )
    application = models.ForeignKey(
        "partners.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        help_text="For a proposal to admit an organization: its application to join.",
    )
    requires_comment_for_no = models.BooleanField("a no vote needs a comment", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Frozen by settle_proposal once the proposal has closed.
    settled_at = models.DateTimeField(null=True, blank=True, editable=False)
    eligible_at_close = models.PositiveIntegerField(null=True, blank=True, editable=False)
    yes_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    no_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    abstain_count = models.PositiveIntegerField(null=True, blank=True, editable=False)

    # A passed proposal to adopt a values version takes effect once the director confirms.
    adoption_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    adoption_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # A passed proposal to admit an organization approves its application once the director
    # confirms (leadership.decisions.confirmations.confirm_admission).
    admission_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    admission_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-closes_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="proposal_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=Q(kind="adopt_values") | Q(values_version__isnull=True),
                name="proposal_values_version_only_to_adopt_values",
            ),
            models.CheckConstraint(
                condition=~Q(kind="admit_organization") | Q(application__isnull=False),
                name="proposal_admit_organization_names_its_application",
            ),
            models.CheckConstraint(
                condition=Q(kind="admit_organization") | Q(application__isnull=True),
                name="proposal_application_only_to_admit_organization",
            ),
            models.CheckConstraint(
                condition=Q(quorum__gte=0) & Q(quorum__lt=1),
                name="proposal_quorum_is_a_share_below_one",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("leadership:decision-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = "A proposal must close after it opens."
        if self.kind == ProposalKind.ADOPT_VALUES and self.values_version_id is None:
            errors["values_version"] = "Choose the values version this proposal would adopt."
        if self.kind != ProposalKind.ADOPT_VALUES and self.values_version_id is not None:
            errors["values_version"] = "Only a proposal to adopt a values version names one."
        if self.kind == ProposalKind.ADMIT_ORGANIZATION and self.application_id is None:
            errors["application"] = "Choose the application to join this proposal would approve."
        if self.kind != ProposalKind.ADMIT_ORGANIZATION and self.application_id is not None:
            errors["application"] = "Only a proposal to admit an organization names an application."
        if errors:
            raise ValidationError(errors)

    def status(self, now=None) -> str:
        now = now or timezone.now()
        if now < self.opens_at:
            return "upcoming"
        if now < self.closes_at:
            return "open"
        return "closed"

    def is_open(self, now=None) -> bool:
        return self.status(now) == "open"

    def is_closed(self, now=None) -> bool:
        return self.status(now) == "closed"

    @property
    def is_settled(self) -> bool:
        return self.settled_at is not None


class ProposalDocument(models.Model):
    """A PDF attached to a proposal (the plan, the budget...), seen by whoever may see the
    decisions (`leadership.permissions.may_see_decisions`) and served only through the
    decision-document view. Attached by the Coalition Director until voting closes, removed
    only before it opens (leadership.decisions.documents)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200, validators=[validate_single_line])
    # A random name under proposals/<year>/ (cate_portal.private_files.private_upload_path).
    file = models.FileField(storage=private_storage, max_length=200, editable=False)
    file_size = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["proposal", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("leadership:decision-document", args=[self.proposal_id, self.pk])


class Vote(models.Model):
    """An organization's current vote on a proposal. Changed in place; history keeps the rest."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="votes")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="leadership_votes"
    )
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="votes_cast"
    )
    choice = models.CharField(max_length=10, choices=VoteChoice.choices)
    comment = models.TextField(blank=True, max_length=4000)
    cast_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["proposal", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "organization"], name="vote_one_per_organization_and_proposal"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.get_choice_display()} on {self.proposal}"


class DelegationQuerySet(models.QuerySet):
    def current(self) -> "DelegationQuerySet":
        return self.filter(ended_on__isnull=True)


class Delegation(models.Model):
    """The person an organization's executive leader names to cast its vote."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="voting_delegations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="voting_delegations"
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = DelegationQuerySet.as_manager()

    class Meta:
        ordering = ["organization", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(ended_on__isnull=True),
                name="delegation_one_current_per_organization",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="delegation_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}, voting delegate of {self.organization}"
