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


def test_the_one_date_and_time_format_never_ends_with_a_full_stop():
    """ "5:11 PM." at the end of a sentence, never "5:11 p.m.." (issue 14)."""
    from django.utils.formats import time_format

    moment = datetime.datetime(2025, 3, 4, 17, 11, tzinfo=datetime.UTC)
    assert date_format(moment, "DATETIME_FORMAT") == "Mar 4, 2025, 5:11 PM"
    assert date_format(moment, "SHORT_DATETIME_FORMAT") == "Mar 4, 2025, 5:11 PM"
    assert time_format(moment.time()) == "5:11 PM"
    assert time_format(datetime.time(0, 0)) == "12:00 AM"


def test_no_template_types_its_own_time_format():
    typed = [
        f"{path.relative_to(TEMPLATES)}: {fmt}"
        for path in TEMPLATES.rglob("*")
        if path.is_file()
        for fmt in re.findall(r'\|time:"([^"]*)"', path.read_text())
        if fmt != "TIME_FORMAT"
    ]
    assert typed == []


def test_python_writes_dates_for_people_with_the_format_setting():
    """date_format with a named format or none; no strftime, no typed format strings."""
    root = pathlib.Path(settings.BASE_DIR)
    typed = []
    for app in ("cate_portal", "partners", "leadership"):
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts or path.parts[-3:-1] == ("formats", "en"):
                continue
            text = path.read_text()
            typed += [
                f"{path.relative_to(root)}: strftime" for _ in re.findall(r"\.strftime\(", text)
            ]
            for fmt in re.findall(
                r"(?:date|time)_format\([^()]*(?:\([^()]*\))?[^()]*,\s*[\"']([^\"']+)[\"']", text
            ):
                if not fmt.endswith("_FORMAT"):
                    typed.append(f"{path.relative_to(root)}: {fmt}")
    assert typed == []
