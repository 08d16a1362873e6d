"""Form fields shared by every app's forms."""

import datetime

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField as LibraryPhoneNumberField
from phonenumber_field.phonenumber import PhoneNumber

# The site's one phone rule: coalition partners are in Missouri, and every phone number the
# portal takes (an organization's, a hotline, an applicant's) is a U.S. number with its area
# code. International numbers are refused, and every message says so the same way.
US_PHONE_MESSAGE = _("Enter a U.S. phone number with its area code, like (417) 555-0199")


def phone_message(name: str | None = None):
    """The one message for a phone number that breaks the rule, naming the field."""
    if not name:
        return US_PHONE_MESSAGE
    return format_lazy(
        _("Enter {name} as a U.S. phone number with its area code, like (417) 555-0199"),
        name=name,
    )


def validate_us_phone(number, message=None) -> None:
    """Coalition partners are in Missouri: their phone numbers are U.S. numbers."""
    if number and not (
        isinstance(number, phonenumbers.PhoneNumber)
        and phonenumbers.is_valid_number_for_region(number, "US")
    ):
        raise ValidationError(message or US_PHONE_MESSAGE, code="invalid")


def display_phone(number) -> str:
    """A phone number the way people read it: "(417) 555-0199" for a U.S. number, the
    international form for any other, and the stored text as it is when it is not valid."""
    if not number:
        return ""
    if isinstance(number, PhoneNumber) and number.is_valid():
        if number.country_code == 1:
            return number.as_national
        return number.as_international
    return str(getattr(number, "raw_input", None) or number)


class TypedPhoneInput(forms.TextInput):
    """A phone input that gives back exactly what was typed after an error ("417-555-01", not
    the library's "41755501") and shows a stored number as people read it, "(417) 555-0199"."""

    input_type = "tel"

    def format_value(self, value):
        if isinstance(value, PhoneNumber):
            return display_phone(value)
        return super().format_value(value)


class PhoneField(LibraryPhoneNumberField):
    """A U.S. phone number field with the one rule and one message (see US_PHONE_MESSAGE)."""

    default_validators: list = []
    widget = TypedPhoneInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("region", "US")
        kwargs.setdefault("widget", TypedPhoneInput)
        super().__init__(*args, **kwargs)
        self.error_messages["invalid"] = US_PHONE_MESSAGE
        self.validators.append(self.validator_for(US_PHONE_MESSAGE))

    @staticmethod
    def validator_for(message):
        """A validator of the U.S. rule that raises `message`."""

        def validate(number):
            validate_us_phone(number, message)

        return validate


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
