from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from cate_portal.models import Area
from cate_portal.text import comparison_key, validate_comparable_name, validate_single_line

from .taxonomy import Language, Population, Sector, Service


class Visibility(models.TextChoices):
    """Who may see one contact field. Ordered from most to least open."""

    PUBLIC = "public", pgettext_lazy("visibility", "Public")
    PARTNERS = "partners", gettext_lazy("Partners only")
    STAFF = "staff", gettext_lazy("Coalition staff only")


class OrganizationStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The contact fields whose visibility each organization chooses: field name -> visibility field.
CONTACT_FIELDS = {
    "public_email": "public_email_visibility",
    "public_phone": "public_phone_visibility",
    "street_address": "street_address_visibility",
    "mailing_address": "mailing_address_visibility",
    "hotline_number": "hotline_number_visibility",
}


def visibility_field(default: str = Visibility.PUBLIC) -> models.CharField:
    return models.CharField(max_length=10, choices=Visibility.choices, default=default)


def naming_areas(areas) -> models.Exists:
    """An expression: the organization names one of `areas` among its counties."""
    return models.Exists(
        Organization.counties.through.objects.filter(
            organization_id=models.OuterRef("pk"), area__in=[area.pk for area in areas]
        )
    )


class OrganizationQuerySet(models.QuerySet):
    def active(self) -> "OrganizationQuerySet":
        return self.filter(status=OrganizationStatus.ACTIVE)

    def serving(self, *areas: Area) -> "OrganizationQuerySet":
        """Organizations serving any of the areas: those naming one, and every statewide one.

        A subquery rather than a join, so no DISTINCT is needed (it would clash with ordering
        by a lower-cased name on PostgreSQL).
        """
        return self.filter(Q(statewide=True) | Q(naming_areas(areas)))

    def naming(self, *areas: Area) -> "OrganizationQuerySet":
        """Organizations that name one of the areas (statewide ones only if they do)."""
        return self.filter(naming_areas(areas))

    def for_directory(self) -> "OrganizationQuerySet":
        return (
            self.active()
            .select_related("sector")
            .prefetch_related("services", "populations", "counties", "spoken_languages")
            .order_by(Lower("name"))
        )


# The name_key column's length. NFKC spells some characters as several ("ﷺ" as 18 letters), so a
# 200-character name can have a longer comparison key; keys are cut here, and two names whose
# keys agree on their first 400 characters count as the same. 400 characters stay within
# PostgreSQL's limit for one entry of a unique index (about 2,700 bytes) in any script.
NAME_KEY_LENGTH = 400

DUPLICATE_NAME_MESSAGE = (
    "An organization with this name already exists: “%(name)s”. Names are compared ignoring "
    "capitals, spacing, punctuation and full-width letters; choose a name that differs in its "
    "letters or digits, or edit the existing organization."
)


def name_key(name: str) -> str:
    """The stored comparison key of an organization's name: cate_portal.text.comparison_key cut
    to NAME_KEY_LENGTH characters. str -> str; "" for an empty name."""
    return comparison_key(name or "")[:NAME_KEY_LENGTH]


def logo_path(instance: "Organization", filename: str) -> str:
    # The uploaded name is discarded: logos are re-encoded to PNG under the slug.
    return f"logos/{instance.slug}.png"


class Organization(models.Model):
    name = models.CharField(
        max_length=200, validators=[validate_single_line, validate_comparable_name]
    )
    # The name as compared (name_key(name)), set on every save. Unique: two organizations never
    # share a name however it is capitalized, spaced or punctuated. blank: a new organization's
    # key is only computed when it is saved (the name's own validators refuse an empty key).
    name_key = models.CharField(
        "name as compared", max_length=NAME_KEY_LENGTH, unique=True, blank=True, editable=False
    )
    slug = models.SlugField(max_length=200, unique=True)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="organizations")
    description = models.TextField("short description", max_length=2000, blank=True)
    description_es = models.TextField(
        "short description in Spanish",
        max_length=2000,
        blank=True,
        # The database fills it too: rows written by older code (or an older migration state)
        # never fail for lack of it.
        db_default="",
        help_text="Optional. Shown on the Spanish pages instead of the English description.",
    )
    website = models.URLField(blank=True, validators=[validate_single_line])

    public_email = models.EmailField("e-mail", blank=True, validators=[validate_single_line])
    public_email_visibility = visibility_field()
    public_phone = PhoneNumberField("phone", blank=True, region="US")
    public_phone_visibility = visibility_field()
    street_address = models.TextField(blank=True)
    street_address_visibility = visibility_field(Visibility.STAFF)
    # Issue 10, rule 10: set for good once the organization offers shelter or housing (through
    # any path: partners.organizations.receivers); only the director releases it
    # (partners.organizations.services.release_street_address_protection).
    street_address_protected = models.BooleanField(
        "street address protected",
        default=False,
        editable=False,
        help_text="Set once the organization offers shelter or housing: its street address can "
        "never be public until the Coalition Director releases it.",
    )
    mailing_address = models.TextField(blank=True)
    mailing_address_visibility = visibility_field(Visibility.PARTNERS)

    statewide = models.BooleanField("serves all of Missouri", default=False)
    counties = models.ManyToManyField(Area, blank=True, related_name="organizations")
    services = models.ManyToManyField(Service, blank=True, related_name="organizations")
    populations = models.ManyToManyField(Population, blank=True, related_name="organizations")
    serves_sex_trafficking = models.BooleanField("sex trafficking", default=False)
    serves_labor_trafficking = models.BooleanField("labor trafficking", default=False)
    spoken_languages = models.ManyToManyField(
        Language, blank=True, related_name="organizations", verbose_name="languages"
    )
    # The free text that preceded the list (issue 11): what the list does not hold yet, such as
    # a language the coalition has not added or "interpretation on request". The data
    # migration moved every language it could match into spoken_languages.
    languages = models.CharField(
        "other languages or notes",
        max_length=300,
        blank=True,
        help_text="Languages not in the list, or e.g. interpretation on request.",
        validators=[validate_single_line],
    )

    accepts_referrals = models.BooleanField(default=False)
    open_24_7 = models.BooleanField("open 24/7", default=False)
    hours = models.CharField(max_length=200, blank=True, validators=[validate_single_line])
    hotline_number = PhoneNumberField(blank=True, region="US")
    hotline_number_visibility = visibility_field()
    hotline_hours = models.CharField(max_length=200, blank=True, validators=[validate_single_line])
    eligibility_notes = models.TextField(max_length=2000, blank=True)

    logo = models.ImageField(upload_to=logo_path, blank=True)

    status = models.CharField(
        max_length=10, choices=OrganizationStatus.choices, default=OrganizationStatus.ACTIVE
    )
    status_changed_on = models.DateField(null=True, blank=True)
    joined_on = models.DateField(null=True, blank=True)
    profile_confirmed_on = models.DateField("profile last confirmed", null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # name_key follows the name, so the history need not keep it.
    history = HistoricalRecords(
        excluded_fields=["updated_at", "name_key"], m2m_fields=[counties, services]
    )
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(
                    street_address_protected=True,
                    street_address_visibility=Visibility.PUBLIC.value,
                ),
                name="organization_protected_street_address_not_public",
                violation_error_message=(
                    "A protected street address (a shelter's, a housing program's) can never "
                    "be public."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Every save stores the key, so no path (admin, services, fixtures) can skip it.
        # bulk_create and QuerySet.update() bypass save(): set name_key there yourself.
        self.name_key = name_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        # A protected street address stays protected whatever copy of the row is saved: only
        # the director's release (which sets _releasing_street_address) may clear the flag. A
        # stale copy that still says False would otherwise undo it without anyone asking.
        if (
            not self._state.adding
            and not self.street_address_protected
            and not getattr(self, "_releasing_street_address", False)
            and (update_fields is None or "street_address_protected" in update_fields)
            and type(self).objects.filter(pk=self.pk, street_address_protected=True).exists()
        ):
            self.street_address_protected = True
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("partners:detail", kwargs={"slug": self.slug})

    def validate_unique(self, exclude=None) -> None:
        """Django's unique checks, and the name's by its key with DUPLICATE_NAME_MESSAGE on the
        name field (name_key is in no form, so its own check would be skipped or unreadable).
        Skipped when `exclude` holds "name", as for a form without the name or whose name
        already failed."""
        exclude = set(exclude or ())
        errors: dict = {}
        try:
            super().validate_unique(exclude=exclude | {"name_key"})
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "name" not in exclude and self.name:
            others = Organization.objects.filter(name_key=name_key(self.name))
            if self.pk is not None:
                others = others.exclude(pk=self.pk)
            same = others.first()
            if same is not None:
                errors.setdefault("name", []).append(
                    ValidationError(
                        DUPLICATE_NAME_MESSAGE, code="duplicate_name", params={"name": same.name}
                    )
                )
        if errors:
            raise ValidationError(errors)

    @property
    def is_active(self) -> bool:
        return self.status == OrganizationStatus.ACTIVE

    @property
    def localized_description(self) -> str:
        """The description for the page's language: the Spanish one on Spanish pages when the
        partner wrote one, else the English one."""
        if self.description_es and translation.get_language() == "es":
            return self.description_es
        return self.description

    @property
    def description_language(self) -> str:
        """The language ``localized_description`` is written in ("en" or "es"), for its
        ``lang`` attribute."""
        if self.description_es and translation.get_language() == "es":
            return "es"
        return "en"

    @property
    def trafficking_types(self) -> list[str]:
        return [
            label
            for flag, label in (
                (self.serves_sex_trafficking, _("Sex trafficking")),
                (self.serves_labor_trafficking, _("Labor trafficking")),
            )
            if flag
        ]
