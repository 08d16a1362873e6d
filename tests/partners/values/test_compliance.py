"""The director's compliance report: rows, the admin page and the CSV."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from partners.models import OrganizationStatus
from partners.values.compliance import CSV_HEADER, compliance_csv, compliance_rows
from partners.values.selectors import AgreementState
from partners.values.services import adopt_version
from tests.factories import (
    AgreementFactory,
    OrganizationFactory,
    UserFactory,
    ValuesVersionFactory,
    adopted_version,
)

pytestmark = pytest.mark.django_db

REPORT = "admin:partners_values_compliance"
CSV_URL = "admin:partners_values_compliance_csv"


@pytest.fixture
def partners(settings):
    """Three partners through two versions: one signed the current, one an earlier, one never."""
    settings.AGREEMENT_GRACE_DAYS = 60
    joined = datetime.date(2019, 1, 1)
    current_signer = OrganizationFactory(name="Alpha Current", joined_on=joined)
    earlier_signer = OrganizationFactory(name="Beta Earlier", joined_on=joined)
    never = OrganizationFactory(name="Gamma Never", joined_on=joined)
    OrganizationFactory(name="Delta Withdrawn", status=OrganizationStatus.WITHDRAWN)
    first = adopted_version(adopted_on=datetime.date(2024, 1, 1), label="2024")
    AgreementFactory(
        organization=earlier_signer,
        version=first,
        signer_name="Bea Early",
        signer_title="Director",
        signed_at=datetime.datetime(2024, 1, 20, 15, tzinfo=datetime.UTC),
    )
    second = adopt_version(
        version=ValuesVersionFactory(label="2025"), adopted_on=datetime.date(2025, 1, 1)
    )
    AgreementFactory(
        organization=current_signer,
        version=second,
        signer_name="Al Current",
        signer_title="CEO",
        signed_at=datetime.datetime(2025, 1, 15, 15, tzinfo=datetime.UTC),
    )
    return current_signer, earlier_signer, never


def test_rows_show_each_state_the_signer_and_days_overdue(partners):
    rows = {r.organization: r for r in compliance_rows(today=datetime.date(2025, 3, 12))}
    assert set(rows) == {"Alpha Current", "Beta Earlier", "Gamma Never"}  # active only

    assert rows["Alpha Current"].state == AgreementState.SIGNED_CURRENT
    assert rows["Alpha Current"].signed_by == "Al Current, CEO"
    assert rows["Alpha Current"].signed_on == datetime.date(2025, 1, 15)
    assert rows["Alpha Current"].days_overdue == 0

    assert rows["Beta Earlier"].state == AgreementState.SIGNED_EARLIER
    assert rows["Beta Earlier"].version_signed == "2024"
    assert rows["Beta Earlier"].signed_by == "Bea Early, Director"
    assert rows["Beta Earlier"].due_on == datetime.date(2025, 3, 2)
    assert rows["Beta Earlier"].days_overdue == 10

    assert rows["Gamma Never"].state == AgreementState.NEVER_SIGNED
    assert rows["Gamma Never"].signed_by == ""
    assert rows["Gamma Never"].signed_on is None
    assert rows["Gamma Never"].days_overdue == 10


def test_rows_put_the_most_overdue_first(partners):
    rows = compliance_rows(today=datetime.date(2025, 3, 12))
    assert [r.organization for r in rows] == ["Beta Earlier", "Gamma Never", "Alpha Current"]


def test_csv_has_the_columns_and_values(partners):
    text = compliance_csv(compliance_rows(today=datetime.date(2025, 3, 12)))
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == CSV_HEADER
    beta = next(r for r in table if r[0] == "Beta Earlier")
    assert beta == [
        "Beta Earlier",
        "Signed an earlier version",
        "Bea Early, Director",
        "2024-01-20",
        "2024",
        "2025-03-02",
        "10",
    ]


def test_csv_neutralizes_spreadsheet_formulas(settings):
    adopted_version()
    OrganizationFactory(name='=HYPERLINK("http://evil")')
    table = list(csv.reader(io.StringIO(compliance_csv(compliance_rows()))))
    assert table[1][0] == '\'=HYPERLINK("http://evil")'


def test_director_sees_the_report_and_downloads_the_csv(director_client, partners):
    html = director_client.get(reverse(REPORT)).content.decode()
    for name in ("Alpha Current", "Beta Earlier", "Gamma Never"):
        assert name in html
    assert "Delta Withdrawn" not in html
    response = director_client.get(reverse(CSV_URL))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert "Gamma Never,Never signed" in response.content.decode()


@pytest.mark.parametrize("url_name", [REPORT, CSV_URL])
def test_report_is_for_coalition_staff_only(client, partners, primary_contact, url_name):
    url = reverse(url_name)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and b"Gamma Never" not in anonymous.content
    client.force_login(primary_contact)
    response = client.get(url)
    assert response.status_code == 302
    assert b"Gamma Never" not in response.content


def test_staff_without_the_permission_is_refused(client, partners):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tests.conftest import sign_in_with_second_factor

    clerk = UserFactory(is_staff=True)
    TOTP.activate(clerk, generate_totp_secret())
    sign_in_with_second_factor(client, clerk)
    assert client.get(reverse(CSV_URL)).status_code == 403


def test_report_query_count_does_not_grow(director_client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    version = adopted_version()
    for _ in range(3):
        AgreementFactory(version=version)
    with CaptureQueriesContext(connection) as captured:
        director_client.get(reverse(REPORT))
    for _ in range(30):
        AgreementFactory(version=version)
        OrganizationFactory()
    with django_assert_max_num_queries(len(captured)):
        director_client.get(reverse(REPORT))
