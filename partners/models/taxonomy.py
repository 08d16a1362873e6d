"""Lists the Coalition Director edits in admin: sectors, services and populations."""

from django.db import models
from django.db.models.functions import Lower

from cate_portal.text import validate_single_line


class TaxonomyTerm(models.Model):
    name = models.CharField(max_length=100, validators=[validate_single_line])
    slug = models.SlugField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Sector(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        constraints = [models.UniqueConstraint(Lower("name"), name="sector_name_ci_unique")]


class Service(TaxonomyTerm):
    is_residential = models.BooleanField(
        default=False,
        help_text="Shelter or housing: an organization offering it can never publish its "
        "street address.",
    )

    class Meta(TaxonomyTerm.Meta):
        constraints = [models.UniqueConstraint(Lower("name"), name="service_name_ci_unique")]


class Population(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        constraints = [models.UniqueConstraint(Lower("name"), name="population_name_ci_unique")]


class Language(TaxonomyTerm):
    """A language a partner works in: a controlled list, so a search for Spanish finds every
    partner that lists it (issue 11)."""

    class Meta(TaxonomyTerm.Meta):
        constraints = [models.UniqueConstraint(Lower("name"), name="language_name_ci_unique")]
