"""add_refusal_to_form: a service's refusal lands where the person will see it."""

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from cate_portal.forms import add_refusal_to_form


class NameForm(forms.Form):
    name = forms.CharField()


def bound_form() -> NameForm:
    form = NameForm({"name": "Safe Harbor"})
    assert form.is_valid()
    return form


def test_an_error_on_a_field_of_the_form_goes_beside_that_field():
    form = bound_form()
    add_refusal_to_form(form, ValidationError({"name": "This name is taken."}))
    assert form.errors == {"name": ["This name is taken."]}


def test_an_error_on_a_field_the_form_lacks_goes_above_the_form():
    form = bound_form()
    add_refusal_to_form(form, ValidationError({"languages": "Remove the tab character."}))
    assert form.non_field_errors() == ["Remove the tab character."]


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (ValidationError("Closed on Monday."), ["Closed on Monday."]),
        (PermissionDenied("Only the director."), ["Only the director."]),
        (PermissionDenied(), ["You may not make this change."]),
    ],
)
def test_an_error_without_a_field_goes_above_the_form(error, expected):
    form = bound_form()
    add_refusal_to_form(form, error)
    assert form.non_field_errors() == expected
