"""Dates and times written one way across the portal and its admin (FORMAT_MODULE_PATH):
"Mar 4, 2025" and "Mar 4, 2025, 3:30 p.m.", as the leadership pages already wrote them."""

DATE_FORMAT = "M j, Y"
DATETIME_FORMAT = "M j, Y, P"
SHORT_DATE_FORMAT = "M j, Y"
SHORT_DATETIME_FORMAT = "M j, Y, P"
MONTH_DAY_FORMAT = "F j"
YEAR_MONTH_FORMAT = "F Y"
