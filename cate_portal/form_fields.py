"""Form fields shared by every app's forms."""

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
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
