"""Where is a place typed into the directory's search box? (issue 11)

A Missouri ZIP code, town or city, or county name resolves to the county-level areas it lies in
(a city can span several). Towns and ZIP codes come from the `zipcodes` package, which ships
the U.S. Postal Service's ZIP codes with their city and county inside it (no download at run
time); county names from cate_portal's Area rows.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import zipcodes
from django.utils.translation import gettext

from cate_portal.models import Area

STATE = "MO"


@dataclass(frozen=True)
class Place:
    """What the search box understood: `label` as the person wrote it (tidied), `kind` one of
    "zip", "city", "county", and the areas it lies in, by name."""

    label: str
    kind: str
    areas: tuple[Area, ...]

    @property
    def description(self) -> str:
        """ "Phelps County, for Rolla"; "Clay County, Jackson County or Platte County, for Kansas
        City"; "Boone County" for a county typed as such."""
        names = [area.name for area in self.areas]
        joined = names[0] if len(names) == 1 else join_or(names)
        if self.kind == "county":
            return joined
        return gettext("%(areas)s, for %(place)s") % {"areas": joined, "place": self.label}


def join_or(names: list[str]) -> str:
    """ "A", "A or B", "A, B or C", with "or" in the active language."""
    if len(names) < 2:
        return "".join(names)
    return gettext("%(list)s or %(last)s") % {"list": ", ".join(names[:-1]), "last": names[-1]}


def _key(text: str) -> str:
    """Lower case, single spaces, no dots, "saint" as "st": "St. Louis  City" -> "st louis
    city"."""
    text = text.casefold().replace(".", " ").replace("'", "").replace("\u2019", "")
    words = text.split()
    return " ".join("st" if word == "saint" else word for word in words)


def _county_key(text: str) -> str:
    """A county's key without the word "county": "St Louis County" -> "st louis"; St. Louis
    City keeps "city" so it stays apart from St. Louis County."""
    key = _key(text)
    if key in ("city of st louis", "st louis city"):
        return "st louis city"
    return key.removesuffix(" county").strip()


@cache
def _missouri_zipcodes() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """(ZIP code -> county key, city key -> county keys), from the package's data, once."""
    by_zip: dict[str, str] = {}
    by_city: dict[str, set[str]] = defaultdict(set)
    for record in zipcodes.filter_by(state=STATE):
        if not record["county"]:
            continue
        county = _county_key(record["county"])
        by_zip[record["zip_code"]] = county
        by_city[_key(record["city"])].add(county)
    return by_zip, {city: tuple(sorted(counties)) for city, counties in by_city.items()}


def resolve_place(text: str, areas=None) -> Place | None:
    """The Missouri place `text` names, or None.

    Tries, in order: a five-digit ZIP code (ZIP+4 accepted), a county name (with or without
    "County"), a town or city. A name that is both a town and a county ("Jackson") is read as the
    town unless "County" is written. `areas` may be given to avoid the one query for the Area
    rows (a list of Area).
    """
    label = " ".join((text or "").split())
    if not label:
        return None
    by_zip, by_city = _missouri_zipcodes()
    by_county = {_county_key(area.name): area for area in (areas or Area.objects.all())}

    def place(kind: str, county_keys) -> Place | None:
        found = tuple(
            sorted({by_county[k] for k in county_keys if k in by_county}, key=lambda a: a.name)
        )
        return Place(label=label, kind=kind, areas=found) if found else None

    zip_match = re.fullmatch(r"(\d{5})(?:-\d{4})?", label)
    if zip_match:
        county = by_zip.get(zip_match.group(1))
        return place("zip", [county]) if county else None

    key = _key(label)
    says_county = key.endswith(" county") or key in ("st louis city", "city of st louis")
    county_key = _county_key(label)
    if says_county and county_key in by_county:
        return place("county", [county_key])
    if key in by_city:
        return place("city", by_city[key])
    if county_key in by_county:
        return place("county", [county_key])
    return None
