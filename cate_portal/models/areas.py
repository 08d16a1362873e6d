from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    ST_LOUIS = "STL", _("St. Louis metro")
    KANSAS_CITY = "KC", _("Kansas City metro")
    NORTHWEST = "NW", _("Northwest")
    NORTHEAST = "NE", _("Northeast")
    CENTRAL = "CEN", _("Central")
    SOUTHWEST = "SW", _("Southwest")
    SOUTHEAST = "SE", _("Southeast")


class AreaQuerySet(models.QuerySet):
    def in_region(self, region: str) -> "AreaQuerySet":
        return self.filter(region=region)


class Area(models.Model):
    """One of Missouri's 115 county-level areas: 114 counties and the independent St. Louis City.

    Loaded by a data migration; boundaries for maps are in static/geo/missouri-counties.geojson.
    """

    fips = models.CharField("FIPS code", max_length=5, unique=True)
    name = models.CharField(max_length=100, unique=True)
    region = models.CharField(max_length=3, choices=Region.choices)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fips__startswith="29"), name="area_fips_is_missouri"
            ),
        ]

    def __str__(self) -> str:
        return self.name
