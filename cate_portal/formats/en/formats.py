"""Dates and times written one way across the portal, its e-mails and its admin
(FORMAT_MODULE_PATH): "Mar 4, 2025" and "Mar 4, 2025, 3:30 PM".

Times end with "AM"/"PM", not Django's "a.m."/"p.m.": a time that ends a sentence would
otherwise read "3:30 p.m.." (tests/cate_portal/test_formats.py scans templates and pages)."""

DATE_FORMAT = "M j, Y"
DATETIME_FORMAT = "M j, Y, g:i A"
TIME_FORMAT = "g:i A"
SHORT_DATE_FORMAT = "M j, Y"
SHORT_DATETIME_FORMAT = "M j, Y, g:i A"
MONTH_DAY_FORMAT = "F j"
YEAR_MONTH_FORMAT = "F Y"
