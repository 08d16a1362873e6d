"""Derives which of Missouri's 115 areas are neighbours from the committed boundary file.

Two areas are neighbours when their boundaries share at least one edge (a segment between two
consecutive boundary points), not merely a point: counties meeting only at a corner are not
neighbours. The boundary file (static/geo/missouri-counties.geojson, made by
scripts/derive_missouri_geo.mjs from us-atlas, U.S. Census Bureau cartographic boundaries) is
topological, so a shared border has the same points on both sides.

Run from the project root: `python scripts/derive_county_adjacency.py`; it rewrites
cate_portal/data/missouri_county_adjacency.json, which is committed.
"""

import itertools
import json
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "static" / "geo" / "missouri-counties.geojson"
TARGET = ROOT / "cate_portal" / "data" / "missouri_county_adjacency.json"


def rings(geometry: dict):
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    for polygon in polygons:
        yield from polygon


def edges(geometry: dict) -> set[tuple]:
    found = set()
    for ring in rings(geometry):
        for start, end in itertools.pairwise(ring):
            a, b = tuple(start), tuple(end)
            if a != b:
                found.add((min(a, b), max(a, b)))
    return found


def derive(collection: dict) -> dict[str, list[str]]:
    owners: dict[tuple, set[str]] = defaultdict(set)
    for feature in collection["features"]:
        for edge in edges(feature["geometry"]):
            owners[edge].add(feature["properties"]["fips"])
    neighbours: dict[str, set[str]] = {
        f["properties"]["fips"]: set() for f in collection["features"]
    }
    for fips_set in owners.values():
        for fips in fips_set:
            neighbours[fips] |= fips_set - {fips}
    return {fips: sorted(others) for fips, others in sorted(neighbours.items())}


def main() -> None:
    adjacency = derive(json.loads(SOURCE.read_text()))
    if len(adjacency) != 115:
        raise SystemExit(f"expected 115 Missouri areas, found {len(adjacency)}")
    document = {
        "source": "Derived by scripts/derive_county_adjacency.py from "
        "static/geo/missouri-counties.geojson (us-atlas counties-10m, U.S. Census Bureau "
        "cartographic boundaries): two areas are neighbours when they share a boundary edge.",
        "neighbours": adjacency,
    }
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote the neighbours of {len(adjacency)} areas to {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
