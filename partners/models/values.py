"""Versions of the coalition's shared values: a vision, a mission and a list of values.

A version is written as a draft, adopted by the membership (partners.values.services.adopt_version)
and retired when the next one is adopted. Exactly one version is adopted at a time (a database
constraint), and the text of a version that has been adopted never changes: a change is a new
version, so every signature keeps pointing at the exact text that was signed.
"""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from cate_portal.text import validate_single_line

ADOPTED_TEXT_MESSAGE = (
    "The text of an adopted version cannot be changed. To change the shared values, create a "
    "new version and have the membership adopt it."
)

# The fields that make up the text of a version (besides its list of values).
TEXT_FIELDS = ("label", "slug", "vision", "mission")


class ValuesVersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ADOPTED = "adopted", "Adopted"
    RETIRED = "retired", "Retired"


class ValuesVersionQuerySet(models.QuerySet):
    def published(self) -> "ValuesVersionQuerySet":
        """Versions the public may read: the current one and the earlier ones."""
        return self.exclude(status=ValuesVersionStatus.DRAFT)

    def with_values(self) -> "ValuesVersionQuerySet":
        return self.prefetch_related("shared_values")

    def current(self) -> "ValuesVersion | None":
        return self.filter(status=ValuesVersionStatus.ADOPTED).with_values().first()


def _normalized(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


def canonical_text(*, vision: str, mission: str, values: list[tuple[str, str]]) -> str:
    """One stable serialization of a version's text, for its hash."""
    return json.dumps(
        {
            "vision": _normalized(vision),
            "mission": _normalized(mission),
            "values": [[_normalized(n), _normalized(d)] for n, d in values],
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


class ValuesVersion(models.Model):
    label = models.CharField(
        max_length=100,
        unique=True,
        help_text="e.g. “2024” or “2026 revision”",
        validators=[validate_single_line],
    )
    slug = models.SlugField(max_length=100, unique=True, help_text="Its address: /values/<slug>/")
    vision = models.TextField()
    mission = models.TextField()
    status = models.CharField(
        max_length=10, choices=ValuesVersionStatus.choices, default=ValuesVersionStatus.DRAFT
    )
    adopted_on = models.DateField(null=True, blank=True)
    adoption_note = models.TextField(
        "how it was adopted",
        blank=True,
        help_text="e.g. “Approved by the partners at the membership meeting of March 14, 2024”.",
    )
    signatures_due_on = models.DateField(
        null=True, blank=True, help_text="Set on adoption: the adoption date plus the grace period."
    )
    retired_on = models.DateField(null=True, blank=True)
    adopted_text_hash = models.CharField(
        "text hash (SHA-256)", max_length=64, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Who drafted, adopted and retired it (cate_portal.actors.record_actor).
    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ValuesVersionQuerySet.as_manager()

    class Meta:
        verbose_name = "shared values version"
        ordering = [models.F("adopted_on").desc(nulls_first=True), "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status=ValuesVersionStatus.ADOPTED),
                name="values_version_one_adopted",
                violation_error_message="Another version is already adopted: adopt through "
                "the “Adopt” action, which retires the current version.",
            ),
            models.CheckConstraint(
                condition=Q(status=ValuesVersionStatus.DRAFT) | Q(adopted_on__isnull=False),
                name="values_version_adopted_has_a_date",
                violation_error_message="An adopted or retired version needs its adoption date.",
            ),
        ]

    def __str__(self) -> str:
        return f"Shared values {self.label} ({self.get_status_display().lower()})"

    def save(self, *args, **kwargs) -> None:
        # Also here, not only in clean(): no path may rewrite adopted text.
        self.check_text_unchanged()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("values:version", kwargs={"slug": self.slug})

    def delete(self, *args, **kwargs):
        if self.stored_status() not in (None, ValuesVersionStatus.DRAFT):
            raise ValidationError("An adopted or retired version is kept: it cannot be deleted.")
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == ValuesVersionStatus.DRAFT

    @property
    def is_current(self) -> bool:
        return self.status == ValuesVersionStatus.ADOPTED

    @property
    def items(self) -> list["SharedValue"]:
        """The values in order (uses the prefetch of `with_values()` when there is one)."""
        return list(self.shared_values.all())

    def canonical_text(self) -> str:
        return canonical_text(
            vision=self.vision,
            mission=self.mission,
            values=[(value.name, value.description) for value in self.items],
        )

    def text_hash(self) -> str:
        """SHA-256 of the canonical text: what a signature records."""
        return hashlib.sha256(self.canonical_text().encode("utf-8")).hexdigest()

    def stored_status(self) -> str | None:
        if self.pk is None:
            return None
        return ValuesVersion.objects.filter(pk=self.pk).values_list("status", flat=True).first()

    def check_text_unchanged(self) -> None:
        """Refuse a change to the text of a version that has been adopted."""
        if self.pk is None:
            return
        stored = ValuesVersion.objects.filter(pk=self.pk).values(*TEXT_FIELDS, "status").first()
        if stored is None or stored["status"] == ValuesVersionStatus.DRAFT:
            return
        if any(_normalized(stored[f]) != _normalized(getattr(self, f)) for f in TEXT_FIELDS):
            raise ValidationError(ADOPTED_TEXT_MESSAGE, code="adopted_text")
        if self.status == ValuesVersionStatus.DRAFT:
            raise ValidationError(
                "An adopted version cannot go back to draft: create a new version.",
                code="adopted_text",
            )

    def clean(self) -> None:
        super().clean()
        self.check_text_unchanged()


class SharedValue(models.Model):
    """One value of a version: a name and what it means."""

    version = models.ForeignKey(
        ValuesVersion, on_delete=models.CASCADE, related_name="shared_values"
    )
    name = models.CharField(max_length=120, validators=[validate_single_line])
    description = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "value"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "name"], name="shared_value_name_unique_in_version"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self._check_version_is_draft()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_version_is_draft()
        return super().delete(*args, **kwargs)

    def _check_version_is_draft(self) -> None:
        version_ids = {self.version_id} - {None}
        if self.pk is not None:
            version_ids |= set(
                SharedValue.objects.filter(pk=self.pk).values_list("version_id", flat=True)
            )
        if (
            ValuesVersion.objects.filter(pk__in=version_ids)
            .exclude(status=ValuesVersionStatus.DRAFT)
            .exists()
        ):
            raise ValidationError(ADOPTED_TEXT_MESSAGE, code="adopted_text")

    def clean(self) -> None:
        super().clean()
        self._check_version_is_draft()
