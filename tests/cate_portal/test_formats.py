"""Dates are written one way across the portal, its e-mails and its admin: the format setting
(cate_portal/formats/en/formats.py), never a format typed into a template."""

import datetime
import pathlib
import re

from django.conf import settings
from django.utils.formats import date_format

TEMPLATES = pathlib.Path(settings.BASE_DIR) / "templates"
# Named formats of the setting, the year alone, and the time zone's abbreviation.
ALLOWED = {"DATE_FORMAT", "DATETIME_FORMAT", "YEAR_MONTH_FORMAT", "Y", "T"}


def test_no_template_types_its_own_date_format():
    typed = []
    for path in TEMPLATES.rglob("*"):
        if path.is_file():
            for fmt in re.findall(r'\|date:"([^"]*)"', path.read_text()):
                if fmt not in ALLOWED:
                    typed.append(f"{path.relative_to(TEMPLATES)}: {fmt}")
    assert typed == []


def test_the_one_date_format():
    assert date_format(datetime.date(2025, 3, 4)) == "Mar 4, 2025"
