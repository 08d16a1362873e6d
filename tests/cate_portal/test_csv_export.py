"""The one neutralizer of every CSV the portal writes (issue 10, rule 6)."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin

from cate_portal.csv_export import (
    FORMULA_TRIGGERS,
    NeutralizedModelResource,
    csv_response,
    csv_text,
    neutralize,
)


@pytest.mark.parametrize("prefix", FORMULA_TRIGGERS)
def test_a_cell_starting_like_a_formula_is_kept_as_text(prefix):
    assert neutralize(f"{prefix}1+2") == f"'{prefix}1+2"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("Safe Harbor", "Safe Harbor"),
        ("", ""),
        (None, ""),
        (42, "42"),
        (-3, "'-3"),
        ("a=b", "a=b"),
        (" =1", " =1"),
        ("'=1", "'=1"),
    ],
)
def test_other_cells_keep_their_text(value, text):
    assert neutralize(value) == text


def test_csv_text_neutralizes_the_header_and_every_cell():
    text = csv_text(["name", "=header"], [["=1+1", "plain"], ["@SUM(A1)", "\tcmd"]])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["name", "'=header"], ["'=1+1", "plain"], ["'@SUM(A1)", "'\tcmd"]]


def test_csv_response_is_a_download_nobody_keeps():
    response = csv_response("a,b\r\n", filename="report.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="report.csv"'
    assert response["Cache-Control"] == "no-store"


def test_every_admin_export_uses_the_neutralizing_resource():
    exporting = {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if getattr(model_admin, "resource_classes", None)
    }
    assert exporting  # the organizations' export at least
    for model, model_admin in exporting.items():
        for resource in model_admin.resource_classes:
            assert issubclass(resource, NeutralizedModelResource), (model, resource)


def test_no_module_writes_csv_without_the_neutralizer():
    """A later CSV goes through cate_portal.csv_export, not a csv.writer of its own."""
    root = Path(settings.BASE_DIR)
    offenders = [
        str(path.relative_to(root))
        for app in ("cate_portal", "partners", "leadership")
        for path in (root / app).rglob("*.py")
        if path != root / "cate_portal" / "csv_export.py"
        and re.search(r"^\s*(import csv|from csv import)", path.read_text(), re.MULTILINE)
    ]
    assert offenders == []
