from django.db import models

from cate_portal.text import validate_single_line


class TimelineEntry(models.Model):
    """A moment in the coalition's history, shown on /about/ and edited in admin."""

    year = models.PositiveSmallIntegerField()
    label = models.CharField(
        max_length=40,
        blank=True,
        help_text="Shown instead of the year, e.g. “March 2018”.",
        validators=[validate_single_line],
    )
    title = models.CharField(max_length=200, validators=[validate_single_line])
    body = models.TextField()
    order = models.PositiveSmallIntegerField(default=0, help_text="Orders entries of one year.")

    class Meta:
        ordering = ["year", "order", "pk"]
        verbose_name_plural = "timeline entries"

    def __str__(self) -> str:
        return f"{self.display_date}: {self.title}"

    @property
    def display_date(self) -> str:
        return self.label or str(self.year)


class ContactMessage(models.Model):
    """A message sent through /contact/, kept so none is lost if e-mail fails."""

    name = models.CharField(max_length=200, validators=[validate_single_line])
    email = models.EmailField("e-mail address", validators=[validate_single_line])
    organization = models.CharField(max_length=200, blank=True, validators=[validate_single_line])
    message = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    handled = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"
