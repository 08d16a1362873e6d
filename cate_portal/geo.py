"""Missouri's geography as committed data: which areas are neighbours, and the areas' shapes
drawn as SVG paths. Read once per process; no database query."""

import json
import math
from functools import cache
from pathlib import Path

from django.conf import settings

ADJACENCY_FILE = Path(__file__).resolve().parent / "data" / "missouri_county_adjacency.json"
BOUNDARY_FILE = Path(settings.BASE_DIR) / "static" / "geo" / "missouri-counties.geojson"

# The drawing's width in SVG units; the height follows Missouri's shape.
MAP_WIDTH = 800


@cache
def _adjacency() -> dict[str, tuple[str, ...]]:
    document = json.loads(ADJACENCY_FILE.read_text())
    return {fips: tuple(others) for fips, others in document["neighbours"].items()}


def neighbours(fips: str) -> tuple[str, ...]:
    """The FIPS codes of the areas sharing a boundary edge with `fips` (scripts/
    derive_county_adjacency.py made the file); () for an unknown code."""
    return _adjacency().get(fips, ())


@cache
def area_paths() -> tuple[tuple[tuple[str, str], ...], int]:
    """((fips, SVG path data), ...) for the 115 areas, and the drawing's height.

    An equirectangular projection scaled by the cosine of Missouri's middle latitude: at the
    size of one state the distortion is invisible, and no projection library is needed.
    """
    collection = json.loads(BOUNDARY_FILE.read_text())
    polygons = {}
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons[feature["properties"]["fips"]] = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
    points = [
        point
        for shapes in polygons.values()
        for polygon in shapes
        for ring in polygon
        for point in ring
    ]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    x_scale = math.cos(math.radians((north + south) / 2))
    scale = MAP_WIDTH / ((east - west) * x_scale)
    height = round((north - south) * scale)

    def ring_path(ring) -> str:
        coordinates = [
            f"{(lon - west) * x_scale * scale:.1f},{(north - lat) * scale:.1f}" for lon, lat in ring
        ]
        return "M" + "L".join(coordinates) + "Z"

    paths = tuple(
        (fips, "".join(ring_path(ring) for polygon in shapes for ring in polygon))
        for fips, shapes in sorted(polygons.items())
    )
    return paths, height
