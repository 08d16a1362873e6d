"""Issue 12: the coalition's evaluation, /admin/evaluation/: each indicator on a constructed
history, the page's refusals, its CSV and its fixed number of queries."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from cate_portal.charts import Series, axis, bar_chart
from cate_portal.evaluation import Year, indicators_for
from leadership.models import Proposal
from partners.models import Organization, Sector, ValuesVersion
from partners.models.organizations import name_key
from tests.factories import (
    AgreementFactory,
    OrganizationFactory,
    UserFactory,
    adopted_version,
    area,
)
from tests.leadership.factories import ProposalFactory

pytestmark = pytest.mark.django_db
PAGE = "/admin/evaluation/"
CSV = "/admin/evaluation.csv"
D = datetime.date
YEARS = [Year(n, D(n, 12, 31)) for n in (2019, 2020, 2021, 2022)]


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _date_records_since(organization, day, since) -> None:
    """The organization's records made since `since` (this test's own) are dated `day`."""
    Organization.history.filter(id=organization.pk, history_date__gte=since).update(
        history_date=_noon(day)
    )


def _partner(name, joined, *, counties=(), sector="nonprofit-service-provider", **fields):
    since = timezone.now()
    organization = OrganizationFactory(
        name=name,
        joined_on=joined,
        sector=Sector.objects.get(slug=sector),
        counties=[area(c) for c in counties],
        **fields,
    )
    _date_records_since(organization, joined, since)
    return organization


def _change_status(organization, status, day) -> None:
    organization.status = status
    organization.status_changed_on = day
    organization._history_date = _noon(day)
    organization.save()
    del organization._history_date


def _set_counties(organization, names, day) -> None:
    since = timezone.now()
    organization.counties.set([area(n) for n in names])
    _date_records_since(organization, day, since)


def _sign(organization, version, day) -> None:
    AgreementFactory(organization=organization, version=version, signed_at=_noon(day))


@pytest.fixture
def history():
    """A, throughout; B leaves in 2020 and rejoins in 2021; C from mid-2020 to 2022; D statewide
    from 2021, in another sector; E entered in the portal today, withdrawn since end 2020."""
    a = _partner("Alpha", D(2019, 3, 1), counties=("Boone County", "Cole County"))
    b = _partner("Bravo", D(2019, 6, 1), counties=("Cole County", "Greene County"))
    c = _partner("Charlie", D(2020, 7, 1), counties=("Jackson County",))
    d = _partner("Delta", D(2021, 1, 10), statewide=True, sector="law-enforcement")
    e = OrganizationFactory(
        name="Echo", joined_on=D(2019, 1, 15), status="withdrawn", status_changed_on=D(2020, 12, 31)
    )
    _change_status(b, "withdrawn", D(2020, 5, 1))
    _change_status(b, "active", D(2021, 2, 1))
    _change_status(c, "inactive", D(2022, 3, 1))
    _set_counties(a, ("Boone County", "Cole County", "Callaway County"), D(2021, 6, 1))
    first = adopted_version(adopted_on=D(2019, 5, 1), label="2019")
    second = adopted_version(adopted_on=D(2021, 10, 1), label="2021")
    ValuesVersion.objects.filter(pk=second.pk).update(signatures_due_on=D(2022, 1, 31))
    _sign(a, first, D(2019, 5, 10))
    _sign(b, first, D(2019, 7, 1))
    _sign(c, first, D(2020, 8, 1))
    _sign(a, second, D(2021, 11, 1))
    _sign(b, second, D(2022, 1, 15))
    _sign(d, second, D(2022, 2, 1))
    for closes, yes, no, abstain, eligible in (
        (D(2020, 3, 1), 3, 1, 0, 5),
        (D(2020, 9, 1), 1, 2, 0, 4),
    ):
        proposal = ProposalFactory(
            opens_at=_noon(closes) - datetime.timedelta(days=7), closes_at=_noon(closes)
        )
        Proposal.objects.filter(pk=proposal.pk).update(
            settled_at=_noon(closes), yes_count=yes, no_count=no, abstain_count=abstain,
            eligible_at_close=eligible,
        )  # fmt: skip
    ProposalFactory(  # closed in 2021 but not settled yet: not counted
        opens_at=_noon(D(2021, 4, 1)), closes_at=_noon(D(2021, 4, 8))
    )
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def _column(indicators, key, heading) -> list:
    indicator = next(i for i in indicators if i.key == key)
    column = indicator.headings.index(heading)
    return [row[column] for row in indicator.rows]


@pytest.mark.parametrize(
    ("key", "heading", "by_year"),
    [
        ("active-partners", "Active at year end", [3, 2, 4, 3]),
        ("active-partners", "Active during the year", [3, 4, 4, 4]),
        ("active-partners", "Joined", [3, 1, 2, 0]),
        ("active-partners", "of which rejoined", [0, 0, 1, 0]),
        ("active-partners", "Left", [0, 2, 0, 1]),
        ("active-partners", "Nonprofit service provider", [3, 2, 3, 2]),
        ("active-partners", "Law enforcement", [0, 0, 1, 1]),
        ("areas-served", "Areas with a local partner", [3, 3, 5, 4]),
        ("areas-served", "Statewide partners", [0, 0, 1, 1]),
        ("areas-served", "Areas served (local or statewide)", [3, 3, 115, 115]),
        ("agreement-compliance", "Version in force", ["2019", "2019", "2021", "2021"]),
        ("agreement-compliance", "Active partners", [3, 2, 4, 3]),
        ("agreement-compliance", "Signed", [2, 2, 1, 3]),
        ("agreement-compliance", "Compliance (%)", [66.7, 100.0, 25.0, 100.0]),
        ("agreement-compliance", "Signing still open until", ["—", "—", "2022-01-31", "—"]),
        ("decisions", "Decisions taken", [0, 2, 0, 0]),
        ("decisions", "Passed", [0, 1, 0, 0]),
        ("decisions", "Votes cast", [0, 7, 0, 0]),
        ("decisions", "Turnout (%)", [None, 77.8, None, None]),
        ("decisions", "Lowest turnout (%)", [None, 75.0, None, None]),
    ],
)
def test_indicator_on_a_constructed_history(history, director, key, heading, by_year):
    assert _column(indicators_for(director, YEARS), key, heading) == by_year


def test_the_current_year_is_counted_to_date(history, director):
    today = D(2021, 6, 30)
    covered = [Year(2020, D(2020, 12, 31)), Year(2021, today)]
    indicators = indicators_for(director, covered)
    assert _column(indicators, "active-partners", "Year") == ["2020", "2021 (to date)"]
    # On 30 June 2021 B has rejoined and D joined; the 2021 version is not adopted yet.
    assert _column(indicators, "active-partners", "Active at year end") == [2, 4]
    assert _column(indicators, "agreement-compliance", "Version in force") == ["2019", "2019"]


def test_the_page_shows_every_indicator_as_a_chart_beside_its_table(history, director_client):
    response = director_client.get(PAGE)
    assert response.status_code == 200
    text = response.content.decode()
    for title in (
        "Active partners by sector",
        "Areas served",
        "Agreement compliance at year end",
        "Decisions taken and turnout",
        "Meetings, trainings and people trained",
    ):
        assert title in text
    assert text.count('<figure class="bar-chart">') == 5
    assert text.count("<table") == 5
    assert "2019, Nonprofit service provider: 3" in text  # each bar says its value
    assert reverse("admin:evaluation_csv") in text
    assert 'href="/admin/evaluation/"' in director_client.get("/admin/").content.decode()


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_csv_holds_every_cell_neutralized(history, director_client):
    formula = Sector.objects.create(name='=HYPERLINK("http://x")', slug="formula")
    OrganizationFactory(name="Formula Partner", sector=formula)
    response = director_client.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    rows = _csv(response)
    assert rows[0] == ["Indicator", "Year", "Counted to", "Measure", "Value"]
    assert ["Active partners by sector", "2020", "2020-12-31", "Left", "2"] in rows
    assert [
        "Agreement compliance at year end",
        "2019",
        "2019-12-31",
        "Compliance (%)",
        "66.7",
    ] in rows
    measures = {row[3] for row in rows}
    assert '\'=HYPERLINK("http://x")' in measures
    assert '=HYPERLINK("http://x")' not in measures


def test_anonymous_are_sent_to_sign_in(client):
    for path in (PAGE, CSV):
        response = client.get(path)
        assert response.status_code == 302
        assert "login" in response.url


def test_partners_are_refused(client_as, primary_contact):
    client = client_as(primary_contact)
    for path in (PAGE, CSV):
        response = client.get(path)
        assert response.status_code == 302
        assert "login" in response.url


def test_staff_without_a_second_factor_are_refused(client, totp_director):
    client.force_login(totp_director)
    for path in (PAGE, CSV):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith(reverse("mfa_reauthenticate"))


def test_staff_see_only_the_indicators_they_may_view(client_as):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.models import Permission

    clerk = UserFactory(is_staff=True)
    TOTP.activate(clerk, generate_totp_secret())
    clerk.user_permissions.add(Permission.objects.get(codename="view_proposal"))
    response = client_as(clerk, second_factor=True).get(PAGE)
    assert response.status_code == 200
    assert [i.key for i in response.context["indicators"]] == ["decisions"]


def _bulk_organizations(count: int) -> None:
    sector = Sector.objects.first()
    Organization.objects.bulk_create(
        Organization(
            name=f"Bulk Partner {n}",
            name_key=name_key(f"Bulk Partner {n}"),
            slug=f"bulk-partner-{n}",
            sector=sector,
            joined_on=D(2019 + n % 6, 1 + n % 12, 1),
        )
        for n in range(count)
    )


def test_query_count_is_the_same_at_10_and_2000_organizations(
    history, director_client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _bulk_organizations(10)
    director_client.get(PAGE)
    with CaptureQueriesContext(connection) as small:
        assert director_client.get(PAGE).status_code == 200
    with CaptureQueriesContext(connection) as small_csv:
        assert director_client.get(CSV).status_code == 200
    Organization.objects.filter(name__startswith="Bulk Partner").delete()
    _bulk_organizations(2000)
    with django_assert_num_queries(len(small)):
        response = director_client.get(PAGE)
    assert response.context["indicators"][0].rows[-1][1] >= 2000  # the bulk ones are counted
    with django_assert_num_queries(len(small_csv)):
        director_client.get(CSV)


@pytest.mark.parametrize(
    ("highest", "maximum", "top", "step"),
    [
        (0, None, 1, 1),
        (3, None, 3, 1),
        (7, None, 8, 2),
        (26, None, 30, 10),
        (2026, None, 3000, 1000),
        (2, None, 2, 1),
        (0.4, None, 0.4, 0.1),
        (53, 115, 115, 50),
        (86, 100, 100, 25),
    ],
)
def test_axis_has_whole_steps_for_counts(highest, maximum, top, step):
    whole = highest == int(highest)
    assert axis(highest, maximum, whole=whole) == (pytest.approx(top), pytest.approx(step))


def test_stacked_bars_sit_on_each_other_and_a_missing_value_draws_nothing():
    chart = bar_chart(
        categories=["2019", "2020"],
        series=[Series("A", [2, None]), Series("B", [2, 4])],
        stacked=True,
        maximum=4,
    )
    first_a, first_b, second_b = chart.bars
    assert first_a.y + first_a.height == chart.baseline
    assert first_b.y + first_b.height == pytest.approx(first_a.y)
    assert second_b.height == pytest.approx(first_a.height + first_b.height)
    assert [t.label for t in chart.ticks] == ["0", "1", "2", "3", "4"]
