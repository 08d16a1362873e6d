"""The one way the portal writes CSV: no cell can run as a spreadsheet formula.

Exports carry confidential fields (shelter addresses among them) next to text typed by the
public (names, descriptions). A spreadsheet runs a cell that starts with = + - @ as a formula,
and some read past a leading tab or carriage return first; a formula can send the sheet's
contents to another address (HYPERLINK, WEBSERVICE) or start a program (DDE). `neutralize` puts
a ' before such a cell, so it is shown as the text it is (OWASP, "CSV Injection").

Every CSV the portal writes goes through it: hand-written ones through `csv_text`, the admin's
django-import-export exports through `NeutralizedModelResource`, whatever the library does on
its own (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only drops a leading "=").
"""

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse
from import_export import resources

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value) -> str:
    """The cell's text, with a ' in front when a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def csv_text(header: Iterable, rows: Iterable[Iterable]) -> str:
    """A CSV document: the header, then the rows, every cell neutralized."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralize(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralize(cell) for cell in row])
    return buffer.getvalue()


def csv_response(text: str, *, filename: str) -> HttpResponse:
    """A CSV download that no browser or proxy keeps (exports hold confidential fields)."""
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class NeutralizedModelResource(resources.ModelResource):
    """Base of the portal's django-import-export resources: every exported cell, its header
    and the values of `dehydrate_<field>` methods included, passes through `neutralize`."""

    def export_field(self, field, instance, **kwargs):
        return neutralize(super().export_field(field, instance, **kwargs))

    def get_export_headers(self, selected_fields=None):
        return [neutralize(header) for header in super().get_export_headers(selected_fields)]
