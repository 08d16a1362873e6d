"""Form fields shared by every app's forms."""

import datetime

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy

US_PHONE_MESSAGE = gettext_lazy("Enter a valid U.S. phone number, for example (314) 555-0123.")


def validate_us_phone(number) -> None:
    """Coalition partners are in Missouri: their phone numbers are U.S. numbers."""
    if number and not phonenumbers.is_valid_number_for_region(number, "US"):
        raise ValidationError(US_PHONE_MESSAGE, code="not_us")


# The largest primary key a database column holds (a signed 64-bit integer).
MAX_PK = 2**63 - 1


def pk_in_range(value) -> bool:
    """Whether `value` can be the id of a row: a whole number from 1 to MAX_PK."""
    try:
        return 0 < int(str(value)) <= MAX_PK
    except ValueError:
        return False


class SafeModelChoiceField(forms.ModelChoiceField):
    """Answers a huge number as an invalid choice: SQLite raises OverflowError on it."""

    def to_python(self, value):
        if value not in self.empty_values and not pk_in_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Answers a huge number as an invalid choice: SQLite raises OverflowError on it."""

    def _check_values(self, value):
        for pk in value:
            if not pk_in_range(pk):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(pk)[:50]},
                )
        return super()._check_values(value)


NONEXISTENT_TIME_MESSAGE = (
    "%(time)s does not exist on %(date)s in Missouri: the clocks skip that hour when "
    "daylight-saving time starts. Choose a time an hour later."
)


WALL_TIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class WallTimeField(forms.DateTimeField):
    """A date and time typed as Missouri's clocks show it (the site's time zone), on a
    `datetime-local` input, stored as an aware datetime (UTC in the database).

    Django's own field refuses an ambiguous wall time: 1:30 on the November change day happens
    twice. Meetings are planned by the clock, so this takes the first 1:30 (still daylight
    time, `fold=0`), which shows as 1:30 again. A time that does not exist (2:30 on the March
    change day) is refused with a clear message.
    """

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            naive = timezone.make_naive(value) if timezone.is_aware(value) else value
        else:
            naive = self._parse(str(value).strip())
        zone = timezone.get_current_timezone()
        aware = naive.replace(tzinfo=zone, fold=0)
        # A nonexistent wall time does not survive a round trip through UTC.
        if aware.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) != naive:
            raise ValidationError(
                NONEXISTENT_TIME_MESSAGE,
                code="nonexistent",
                params={"time": time_format(naive.time()), "date": date_format(naive.date())},
            )
        return aware

    def _parse(self, text: str):
        for pattern in self.input_formats:
            try:
                # Naive on purpose: a wall time, made aware in to_python.
                return datetime.datetime.strptime(text, pattern)  # noqa: DTZ007
            except (ValueError, TypeError):
                continue
        raise ValidationError(self.error_messages["invalid"], code="invalid")
