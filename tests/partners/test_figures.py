"""Partners' figures on the home page (partners/figures.py) equal what the records hold."""

import pytest
from django.db.models import Q
from django.utils import timezone

from cate_portal.models import Area
from partners.figures import partner_figures
from partners.models import Organization, OrganizationStatus, Sector
from tests.factories import OrganizationFactory, area

pytestmark = pytest.mark.django_db


def figures_by_key(today=None):

    return {figure.key: figure for figure in partner_figures(today or timezone.localdate())}


@pytest.fixture
def records():
    """Three local partners (two sharing Boone), a statewide one, an inactive one, a funder."""
    boone, cole, greene, phelps = (
        area(name) for name in ("Boone County", "Cole County", "Greene County", "Phelps County")
    )
    OrganizationFactory(counties=[boone, cole])
    OrganizationFactory(counties=[boone])
    OrganizationFactory(counties=[greene])
    OrganizationFactory(statewide=True)
    OrganizationFactory(counties=[phelps], status=OrganizationStatus.INACTIVE)
    OrganizationFactory(counties=[phelps], sector=Sector.objects.get(slug="funder"))


def test_active_partners_counts_every_active_organization_of_any_sector(records):
    figure = figures_by_key()["partners"]

    assert figure.value == 5 == Organization.objects.filter(status="active").count()
    assert figure.label == "active Collaborative Partners"
    assert figure.url == "/partners/"


def test_areas_reached_follow_the_coverage_map_rule(records):
    from partners.organizations.selectors import coverage

    figure = figures_by_key()["areas"]

    # Boone, Cole and Greene: not Phelps (only an inactive partner and a funder name it).
    assert figure.value == 3
    assert figure.value == coverage(Organization.objects.active()).covered
    assert figure.label == f"of Missouri's {Area.objects.count()} areas have a local partner"
    assert figure.detail == "1 statewide partner serves every area."


def test_figures_follow_the_records_as_they_change(records):
    OrganizationFactory(counties=[area("Phelps County")])
    Organization.objects.filter(Q(statewide=True)).update(status=OrganizationStatus.WITHDRAWN)

    figures = figures_by_key()

    assert figures["partners"].value == 5
    assert figures["areas"].value == 4
    assert figures["areas"].detail == "0 statewide partners serve every area."


def test_partner_figures_take_two_queries_whatever_the_number_of_partners(
    records, django_assert_num_queries
):
    with django_assert_num_queries(2):
        figures_by_key()
    for _ in range(20):
        OrganizationFactory(counties=[area("Jasper County")])
    with django_assert_num_queries(2):
        assert figures_by_key()["partners"].value == 25
