"""The coalition's shared resources (`/resources/`): training materials, protocols, referral
guides. Each is a file (stored privately, cate_portal.private_files) or a link, seen by the
people its visibility names (leadership.permissions), once the Coalition Director approved it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cate_portal.private_files import kind_label_of_stored, private_storage
from cate_portal.text import validate_single_line
from partners.models import Organization
from partners.models.taxonomy import localized


class ResourceVisibility(models.TextChoices):
    """Who may see a resource, from most to least open."""

    PUBLIC = "public", _("Everyone")
    PARTNERS = "partners", _("Partners")
    LEADERSHIP = "leadership", _("Leadership")


class ResourceStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class ResourceTopic(models.Model):
    """A topic resources are filed under; the Coalition Director keeps the list in the admin."""

    name = models.CharField(max_length=100, validators=[validate_single_line])
    name_es = models.CharField(
        "name in Spanish",
        max_length=100,
        blank=True,
        db_default="",
        validators=[validate_single_line],
        help_text="Shown on the Spanish pages (/es/...); the English name is shown while empty.",
    )
    slug = models.SlugField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="resourcetopic_name_ci_unique")]

    def __str__(self) -> str:
        # The name in the page's language, like the partners' lists (docs/i18n.md).
        return localized(self.name, self.name_es)


class ResourceQuerySet(models.QuerySet):
    def approved(self) -> "ResourceQuerySet":
        return self.filter(status=ResourceStatus.APPROVED)

    def pending(self) -> "ResourceQuerySet":
        return self.filter(status=ResourceStatus.PENDING)


class Resource(models.Model):
    """A file or a link, exactly one of them (a database constraint holds it)."""

    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("description"), max_length=2000, blank=True)
    topics = models.ManyToManyField(ResourceTopic, blank=True, related_name="resources")
    visibility = models.CharField(
        _("who may see it"),
        max_length=10,
        choices=ResourceVisibility.choices,
        default=ResourceVisibility.PARTNERS,
    )
    # Stored under a random name whose extension is the kind its content was checked to be
    # (cate_portal.private_files.private_upload_path); no URL serves it.
    file = models.FileField(
        _("file"), storage=private_storage, max_length=200, blank=True, editable=False
    )
    file_size = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    link = models.URLField(
        _("link"),
        max_length=500,
        blank=True,
        validators=[validate_single_line, URLValidator(schemes=["http", "https"])],
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        help_text="The contributing partner; empty for the coalition's own resources.",
    )
    contributed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    status = models.CharField(
        max_length=10,
        choices=ResourceStatus.choices,
        default=ResourceStatus.PENDING,
        editable=False,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    decline_reason = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()
    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
                name="resource_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("leadership:resource-detail", args=[self.pk])

    def get_download_url(self) -> str:
        return reverse("leadership:resource-download", args=[self.pk])

    @property
    def is_file(self) -> bool:
        return bool(self.file)

    @property
    def file_kind_label(self) -> str:
        """ "PDF", "Word document"...: the kind the file was checked to be; "" for a link."""
        return kind_label_of_stored(self.file.name) if self.file else ""

    @property
    def is_approved(self) -> bool:
        return self.status == ResourceStatus.APPROVED

    def clean(self):
        super().clean()
        if bool(self.file) == bool(self.link):
            raise ValidationError(
                _("Attach a file or give a link, one of the two."), code="file_or_link"
            )
