"""Lists the Coalition Director edits in admin: sectors, services, populations, languages.

Each term has an English name and a Spanish one (``name_es``), both edited in the admin. A
second field rather than django-modeltranslation: one language besides the default, four small
tables, no query or admin rewriting by a library (docs/i18n.md).
"""

from django.db import models
from django.db.models.functions import Lower
from django.utils import translation

from cate_portal.text import validate_single_line


def localized(name: str, name_es: str) -> str:
    """A term's name in the active language, from its two fields (for pages that read names
    with ``values_list``): ``name_es`` on Spanish pages when filled in, else ``name``."""
    if name_es and translation.get_language() == "es":
        return name_es
    return name


class TaxonomyTerm(models.Model):
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
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        # Every place a term is written (directory filters, profiles, cards) follows the page's
        # language; the admin and the portal are English, so they show the English name.
        return self.localized_name

    @property
    def localized_name(self) -> str:
        """The name in the active language: ``name_es`` on Spanish pages when filled in, else
        the English ``name``."""
        return localized(self.name, self.name_es)


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
