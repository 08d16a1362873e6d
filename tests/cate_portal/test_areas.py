import json

import pytest
from django.conf import settings

from cate_portal.models import Area, Region

pytestmark = pytest.mark.django_db


def test_data_migration_loads_115_missouri_areas_with_unique_fips():
    fips = list(Area.objects.values_list("fips", flat=True))
    assert len(fips) == 115
    assert len(set(fips)) == 115
    assert all(code.startswith("29") and len(code) == 5 for code in fips)


def test_st_louis_city_and_county_are_distinct_areas_in_the_st_louis_region():
    city = Area.objects.get(fips="29510")
    county = Area.objects.get(fips="29189")
    assert (city.name, county.name) == ("St. Louis City", "St. Louis County")
    assert city.region == county.region == Region.ST_LOUIS


def test_every_region_has_areas():
    assert set(Area.objects.values_list("region", flat=True)) == set(Region.values)


def test_committed_boundaries_match_the_areas():
    path = settings.BASE_DIR / "static" / "geo" / "missouri-counties.geojson"
    features = json.loads(path.read_text())["features"]
    assert {f["id"] for f in features} == set(Area.objects.values_list("fips", flat=True))
    assert all(f["geometry"]["type"] in {"Polygon", "MultiPolygon"} for f in features)
