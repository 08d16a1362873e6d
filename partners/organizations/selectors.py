"""Reads for the public directory and the coverage map (issue 11). Each returns a fixed number
of queries whatever the number of organizations."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import BooleanField, Count, QuerySet, Value
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy

from cate_portal.geo import area_paths, neighbours
from cate_portal.models import Area
from cate_portal.models.areas import Region
from partners.models import Organization, Service
from partners.models.organizations import OrganizationQuerySet, naming_areas
from partners.models.taxonomy import localized
from partners.organizations.filters import NOT_SERVICE_DELIVERY_SECTORS

# How many partners of the neighbouring counties to suggest when the county has none.
NEIGHBOUR_LIMIT = 12


def in_groups(queryset: OrganizationQuerySet, areas: tuple[Area, ...]) -> QuerySet:
    """The directory's order: partners naming one of `areas` first (`names_area` True), then the
    statewide ones; by name within each group. Without areas, one group by name."""
    if not areas:
        return queryset.annotate(names_area=Value(True, output_field=BooleanField())).order_by(
            Lower("name")
        )
    return queryset.annotate(names_area=naming_areas(areas)).order_by("-names_area", Lower("name"))


def neighbouring_areas(areas: tuple[Area, ...]) -> QuerySet:
    """The areas sharing a boundary edge with any of `areas`, outside them (no query until read)."""
    asked = {area.fips for area in areas}
    fips = {other for area in areas for other in neighbours(area.fips)} - asked
    return Area.objects.filter(fips__in=fips).order_by("name")


def neighbour_partners(queryset: OrganizationQuerySet, areas) -> list:
    """Partners naming one of the neighbouring `areas` (not statewide ones, listed apart),
    from `queryset` already filtered by what was asked, by name."""
    return list(
        queryset.filter(statewide=False).naming(*areas).order_by(Lower("name"))[:NEIGHBOUR_LIMIT]
    )


# The map's shades: (lowest count, label, fill). Counts are local partners (naming the area).
SHADES = (
    (0, gettext_lazy("No local partner"), "#eeeeee"),
    (1, gettext_lazy("1 local partner"), "#d4b9da"),
    (2, gettext_lazy("2 or 3"), "#c994c7"),
    (4, gettext_lazy("4 to 6"), "#8856a7"),
    (7, gettext_lazy("7 or more"), "#4a1f70"),
)


@dataclass(frozen=True)
class AreaCoverage:
    area: Area
    partners: int  # active partners naming the area and offering what was asked
    services: tuple[str, ...]  # the services those partners offer, by name
    fill: str
    path: str

    @property
    def region_label(self) -> str:
        return Region(self.area.region).label


@dataclass(frozen=True)
class Coverage:
    areas: list[AreaCoverage]
    statewide: int  # statewide partners offering what was asked: they serve every area
    statewide_services: tuple[str, ...]
    height: int

    @property
    def covered(self) -> int:
        return sum(1 for item in self.areas if item.partners)

    @property
    def gaps_by_region(self) -> list[tuple[str, list[AreaCoverage]]]:
        """The areas with no local partner, grouped by region (in the regions' order)."""
        gaps = defaultdict(list)
        for item in self.areas:
            if not item.partners:
                gaps[item.area.region].append(item)
        return [(label, gaps[value]) for value, label in Region.choices if gaps[value]]


def _fill(count: int) -> str:
    return [fill for lowest, _label, fill in SHADES if count >= lowest][-1]


def coverage(organizations: OrganizationQuerySet) -> Coverage:
    """How many of `organizations` (filtered already: active, offering what was asked) serve
    each of Missouri's 115 areas. Five queries whatever the number of organizations."""
    organizations = organizations.exclude(sector__slug__in=NOT_SERVICE_DELIVERY_SECTORS)
    local = organizations.filter(statewide=False).values("pk")
    statewide = organizations.filter(statewide=True).values("pk")
    links = Organization.counties.through.objects.filter(organization_id__in=local)
    counts = dict(links.values_list("area_id").annotate(n=Count("organization_id", distinct=True)))
    services = defaultdict(set)
    for area_id, name, name_es in (
        links.filter(organization__services__isnull=False)
        .values_list("area_id", "organization__services__name", "organization__services__name_es")
        .distinct()
    ):
        services[area_id].add(localized(name, name_es))
    statewide_services = tuple(
        localized(name, name_es)
        for name, name_es in Service.objects.filter(organizations__in=statewide)
        .distinct()
        .order_by("order", "name")
        .values_list("name", "name_es")
    )
    paths, height = area_paths()
    path_of = dict(paths)
    areas = [
        AreaCoverage(
            area=area,
            partners=counts.get(area.pk, 0),
            services=tuple(sorted(services[area.pk])),
            fill=_fill(counts.get(area.pk, 0)),
            path=path_of.get(area.fips, ""),
        )
        for area in Area.objects.order_by("name")
    ]
    return Coverage(
        areas=areas,
        statewide=statewide.count(),
        statewide_services=statewide_services,
        height=height,
    )
