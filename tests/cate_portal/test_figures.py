"""The registry of the home page's figures (cate_portal/figures.py), the hook the apps use."""

import datetime

import pytest
from django.utils import timezone

from cate_portal import figures
from cate_portal.figures import Figure


def trainings_this_year(today: datetime.date) -> list[Figure]:
    return [Figure(key="trainings", value=7, label=f"trainings in {today.year}")]


@pytest.fixture
def trainings_registered():
    figures.register(trainings_this_year, order=30)
    yield
    figures.unregister(trainings_this_year)


@pytest.mark.django_db
def test_registered_sources_give_their_figures_in_order(trainings_registered):
    keys = [figure.key for figure in figures.collect(datetime.date(2026, 6, 1))]

    assert keys == ["partners", "areas", "trainings"]


def test_registering_twice_adds_the_source_once(trainings_registered):
    figures.register(trainings_this_year, order=30)

    assert sum(name.endswith("trainings_this_year") for _o, name, _s in figures._SOURCES) == 1


@pytest.mark.django_db
def test_a_registered_figure_shows_on_the_home_page(client, trainings_registered):
    html = client.get("/").content.decode()

    assert 'data-figure="trainings"' in html
    assert f"trainings in {timezone.localdate().year}" in html
