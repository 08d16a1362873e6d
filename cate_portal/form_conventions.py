"""The site's form conventions, applied to every form of the portal (docs/forms.md).

- Every optional field's label ends with "(optional)"; required fields carry no mark (no "*").
  A single checkbox is not marked: leaving it unticked is an answer, not an omission.
- One message per problem, saying what to do with the field's own full name, as GOV.UK's
  error-message guidance writes them: "Enter the executive leader's e-mail address". A form
  names its fields in `field_names` (a noun phrase: "the executive leader's e-mail address");
  otherwise the label is used, lower-cased at its start.
- Phone numbers follow one rule (U.S. numbers, see `cate_portal.form_fields.PhoneField`): what
  was typed comes back exactly as typed after an error, and a stored number is shown
  "(417) 555-0199".

A form opts in with `ConventionsMixin` (first among its bases); `apply_conventions(form)` does
the same for a form class the portal does not own (allauth's).
"""

import functools

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField as LibraryPhoneNumberField

from cate_portal.form_fields import PhoneField, TypedPhoneInput, phone_message

OPTIONAL = _("(optional)")


def _django_required() -> str:
    """Django's own "required" wording in the active language, recognised so that only
    messages a form did not write are replaced (read at each form's creation: a Spanish page's
    form holds Django's Spanish wording)."""
    return str(forms.Field.default_error_messages["required"])


def field_name(form: forms.BaseForm, name: str) -> str:
    """The noun phrase that names field `name` in messages: `form.field_names[name]`, or its
    label (without "(optional)"), lower-cased at its start."""
    names = getattr(form, "field_names", {}) or {}
    if name in names:
        return str(names[name])
    label = str(form.fields[name].label or name.replace("_", " "))
    label = label.removesuffix(f" {OPTIONAL}").strip()
    if len(label) > 1 and not label[:2].isupper():
        label = label[0].lower() + label[1:]
    return label


def _is_single_checkbox(field: forms.Field) -> bool:
    return isinstance(field.widget, forms.CheckboxInput)


def _is_choice_group(field: forms.Field) -> bool:
    return isinstance(field.widget, forms.CheckboxSelectMultiple | forms.SelectMultiple)


def _always_answered(field: forms.Field) -> bool:
    """A drop-down without an empty choice always sends an answer: nothing to mark."""
    if not isinstance(field.widget, forms.Select) or _is_choice_group(field):
        return False
    return all(value not in ("", None) for value, _label in field.choices)


def _required_message(field: forms.Field, name: str):
    if _is_choice_group(field):
        return format_lazy(_("Choose at least one of the {name}"), name=name)
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return format_lazy(_("Choose {name}"), name=name)
    if isinstance(field, forms.FileField):
        return format_lazy(_("Attach {name}"), name=name)
    if _is_single_checkbox(field):
        return format_lazy(_("Tick the box: {name}"), name=name)
    return format_lazy(_("Enter {name}"), name=name)


def _capitalized(name: str) -> str:
    return name[:1].upper() + name[1:]


def apply_conventions(form: forms.BaseForm) -> None:
    """Marks optional fields and writes every generic error message in the site's style.

    Idempotent: a label already saying "optional" is left as it is. Hidden fields and the
    honeypots listed in `form.honeypot_fields` are left alone.
    """
    honeypots = set(getattr(form, "honeypot_fields", ()))
    for name, field in form.fields.items():
        if name in honeypots or field.widget.is_hidden:
            continue
        phrase = field_name(form, name)
        messages = field.error_messages
        if str(messages.get("required", "")) == _django_required():
            messages["required"] = _required_message(field, phrase)
        if isinstance(field, forms.EmailField):
            messages.setdefault(
                "invalid_format",
                format_lazy(
                    _("Enter {name} in the right format, like name@example.org"), name=phrase
                ),
            )
            field.validators = [
                v if not hasattr(v, "code") or v.code != "invalid" else _email_validator(phrase)
                for v in field.validators
            ]
        if isinstance(field, forms.URLField):
            messages["invalid"] = format_lazy(
                _("Enter {name} as a web address, like https://example.org"), name=phrase
            )
        if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            if _is_choice_group(field):
                messages["invalid_choice"] = format_lazy(
                    _("Choose the {name} from the list"), name=phrase
                )
            else:
                messages["invalid_choice"] = format_lazy(
                    _("Choose {name} from the list"), name=phrase
                )
        if getattr(field, "max_length", None):
            messages["max_length"] = format_lazy(
                _("{name} must be {limit} characters or fewer"),
                name=_capitalized(phrase),
                limit=field.max_length,
            )
            for validator in field.validators:
                if getattr(validator, "code", "") == "max_length":
                    validator.message = messages["max_length"]
        if isinstance(field, LibraryPhoneNumberField):
            _one_phone_rule(field, phrase)
        if (
            not field.required
            and not _is_single_checkbox(field)
            and not _always_answered(field)
            and field.label
            and "optional" not in str(field.label).lower()
        ):
            field.label = format_lazy("{label} {optional}", label=field.label, optional=OPTIONAL)


def _email_validator(phrase: str):
    from django.core.validators import EmailValidator

    return EmailValidator(
        message=format_lazy(
            _("Enter {name} in the right format, like name@example.org"), name=phrase
        )
    )


def _one_phone_rule(field: forms.Field, phrase: str) -> None:
    """One message for a phone number, the U.S. rule (PhoneField), and the typed text kept."""
    message = phone_message(phrase)
    field.error_messages["invalid"] = message
    field.validators = [PhoneField.validator_for(message)]
    # The library's own validator (international numbers) is the second, contradictory message.
    field.default_validators = []
    widget = TypedPhoneInput(attrs=field.widget.attrs)
    widget.is_required = field.required
    field.widget = widget


class ConventionsMixin:
    """Applies `apply_conventions` once the form's whole __init__ has run (the subclasses'
    included, so a field they make required is not marked optional): put it first among the
    bases (`class MyForm(ConventionsMixin, forms.ModelForm)`). Set `field_names` for messages
    that name each field fully, and `honeypot_fields` for fields people never see."""

    field_names: dict = {}
    honeypot_fields: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        own_init = cls.__dict__.get("__init__")
        if own_init is not None:
            cls.__init__ = _applying_after(own_init)

    def __init__(self, *args, **kwargs):
        _run_then_apply(self, super().__init__, *args, **kwargs)


def _run_then_apply(form, init, *args, **kwargs) -> None:
    outermost = not form.__dict__.get("_conventions_started", False)
    form._conventions_started = True
    init(*args, **kwargs)
    if outermost:
        apply_conventions(form)


def _applying_after(init):
    @functools.wraps(init)
    def __init__(self, *args, **kwargs):
        _run_then_apply(self, lambda *a, **k: init(self, *a, **k), *args, **kwargs)

    return __init__
