"""An organization's signature of a version of the shared values."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from cate_portal.text import validate_single_line

from .organizations import Organization
from .values import ValuesVersion


class Agreement(models.Model):
    """Signed on behalf of an organization by its primary contact or executive leader.

    Keeps who signed (the account, and the name and title they typed), when, the exact version
    with the hash of its text, and the IP address the signature came from. Never changed.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="agreements"
    )
    version = models.ForeignKey(ValuesVersion, on_delete=models.PROTECT, related_name="agreements")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signed_agreements"
    )
    signer_name = models.CharField("full name", max_length=200, validators=[validate_single_line])
    signer_title = models.CharField("title", max_length=200, validators=[validate_single_line])
    attested = models.BooleanField(default=False)
    signed_at = models.DateTimeField(default=timezone.now)
    text_hash = models.CharField("text hash (SHA-256)", max_length=64)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)

    class Meta:
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "version"],
                name="agreement_one_per_organization_and_version",
                violation_error_message="This organization has already signed this version.",
            ),
            models.CheckConstraint(condition=Q(attested=True), name="agreement_is_attested"),
        ]

    def __str__(self) -> str:
        signed_on = date_format(timezone.localdate(self.signed_at))
        return f"{self.organization} signed {self.version.label} on {signed_on}"
