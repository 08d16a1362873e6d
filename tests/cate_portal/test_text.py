"""cate_portal.text: one comparison key for names, and what a single-line field may hold.

The organization name's paths (the application form, approval, the admin, the services) are in
tests/partners/test_name_rules.py; here are the functions themselves, the inventory of the
fields that carry the validator, and the site-wide forms (contact, the user admin).
"""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from phonenumber_field.modelfields import PhoneNumberField

from cate_portal.models import ContactMessage, User
from cate_portal.text import comparison_key, validate_comparable_name, validate_single_line

# --- comparison_key --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "Safe Harbor, Inc.",
        "safe harbor inc",
        "Safe  Harbor Inc",
        "  SAFE HARBOR INC  ",
        "Safe\u00a0Harbor\u2003Inc",  # no-break and em spaces
        "Safe-Harbor Inc.",
        "Safe/Harbor (Inc)",
        # "Safe Harbor Inc" in full-width letters
        "\uff33\uff41\uff46\uff45 \uff28\uff41\uff52\uff42\uff4f\uff52 \uff29\uff4e\uff43",
        "Safe Har\u200bbor Inc",  # a zero-width space inside
        "Safe Harbor Inc\u00ad",  # a soft hyphen
        "\U0001d516\U0001d51e\U0001d523\U0001d522 Harbor Inc",  # mathematical letters
    ],
)
def test_spellings_of_one_name_share_its_key(variant):
    assert comparison_key(variant) == "safe harbor inc"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("U.S. Survivor Network", "US Survivor Network"),
        ("Kaw Point Workers' Center", "Kaw Point Workers\u2019 Center"),
        ("Kaw Point Workers' Center", "Kaw Point Workers Center"),
        ("STRASSE HOUSE", "Straße House"),  # full case folding
        ("ΟΔΟΣ", "οδος"),  # final sigma
        ("Cafe\u0301 Esperanza", "Café Esperanza"),  # decomposed and composed accent
        ("ﬁrst Step", "First Step"),  # a ligature
        ("Safe & Sound", "Safe Sound"),  # "&" is punctuation, not "and"
    ],
)
def test_names_that_differ_only_in_form_compare_equal(one, other):
    assert comparison_key(one) == comparison_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Casa de Esperanza José", "Casa de Esperanza Jose"),  # accents count
        ("Año Nuevo Center", "Ano Nuevo Center"),
        ("Safe Harbor", "Safe Harbour"),
        ("Safe Harbor", "SafeHarbor"),  # spaces separate words
        ("Safe & Sound", "Safe and Sound"),
        ("Kids+ Network", "Kids Network"),  # symbols count
        ("Safe Harbor 1", "Safe Harbor 2"),
    ],
)
def test_names_that_differ_in_letters_digits_or_symbols_stay_different(one, other):
    assert comparison_key(one) != comparison_key(other)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Healing Action", "healing action"),
        ("Centro Latino de Kansas City", "centro latino de kansas city"),
        ("Ñandú Familia", "ñandú familia"),
        ("Дом Надежды", "дом надежды"),
        ("مركز الأمل", "مركز الأمل"),
        ("希望之家", "希望之家"),
        ("!!! ...", ""),
        ("", ""),
    ],
)
def test_letters_and_digits_of_every_script_are_kept(name, key):
    assert comparison_key(name) == key


def test_the_key_is_stable_when_applied_again():
    for name in ("Safe Harbor, Inc.", "Straße", "ﷺ House", "Cafe\u0301"):
        assert comparison_key(comparison_key(name)) == comparison_key(name)


# --- validate_single_line --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("char", "code"),
    [
        ("\n", "line_break"),
        ("\r", "line_break"),
        ("\x0b", "line_break"),
        ("\x0c", "line_break"),
        ("\x85", "line_break"),  # NEXT LINE
        ("\u2028", "line_break"),  # LINE SEPARATOR
        ("\u2029", "line_break"),  # PARAGRAPH SEPARATOR
        ("\t", "control_character"),
        ("\x00", "control_character"),
        ("\x07", "control_character"),
        ("\x1b", "control_character"),
        ("\x7f", "control_character"),
        ("\x9b", "control_character"),  # a C1 control
        ("\u202a", "bidi_control"),  # LEFT-TO-RIGHT EMBEDDING
        ("\u202b", "bidi_control"),  # RIGHT-TO-LEFT EMBEDDING
        ("\u202c", "bidi_control"),  # POP DIRECTIONAL FORMATTING
        ("\u202d", "bidi_control"),  # LEFT-TO-RIGHT OVERRIDE
        ("\u202e", "bidi_control"),  # RIGHT-TO-LEFT OVERRIDE
        ("\u2066", "bidi_control"),  # LEFT-TO-RIGHT ISOLATE
        ("\u2067", "bidi_control"),  # RIGHT-TO-LEFT ISOLATE
        ("\u2068", "bidi_control"),  # FIRST STRONG ISOLATE
        ("\u2069", "bidi_control"),  # POP DIRECTIONAL ISOLATE
        ("\u200e", "bidi_control"),  # LEFT-TO-RIGHT MARK
        ("\u200f", "bidi_control"),  # RIGHT-TO-LEFT MARK
        ("\u061c", "bidi_control"),  # ARABIC LETTER MARK
    ],
)
def test_every_forbidden_character_is_refused_with_its_code_point(char, code):
    with pytest.raises(ValidationError) as raised:
        validate_single_line(f"Safe{char}Harbor")
    assert [error.code for error in raised.value.error_list] == [code]
    (message,) = raised.value.messages
    assert f"U+{ord(char):04X}" in message
    assert "remove" in message.lower()


def test_the_messages_say_what_to_do():
    with pytest.raises(ValidationError) as raised:
        validate_single_line("Safe\u202eHarbor\nHouse\tInc")
    messages = raised.value.messages
    assert len(messages) == 3  # one per kind found, line breaks first
    assert messages[0] == "Keep this on one line: remove the line break (U+000A)."
    assert "control character U+0009 (a tab)" in messages[1]
    assert "text-direction character U+202E" in messages[2] and "typing" in messages[2]


@pytest.mark.parametrize(
    "value",
    [
        "Safe Harbor House",
        "Centro de Ayuda Señora de Guadalupe",
        "José Núñez-Pérez",
        "Ñandú, Inc.",
        "Kaw Point Workers' Center",
        "O\u2019Brien & Daughters \u2014 St. Louis",
        "Zoë Ångström",
        "Дом Надежды",
        "مركز الأمل",  # right-to-left text itself is fine: only invisible controls are refused
        "אור חדש",
        "希望之家",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian, with the ZWNJ it needs
        "Mon\u2013Fri 9\u20135",
        "",
    ],
)
def test_ordinary_names_in_any_language_are_accepted(value):
    validate_single_line(value)


def test_a_name_needs_a_letter_or_digit():
    with pytest.raises(ValidationError) as raised:
        validate_comparable_name("-- ...")
    assert raised.value.error_list[0].code == "no_letters"
    validate_comparable_name("4 Kids")
    validate_comparable_name("")  # a required field says so itself


# --- Which fields carry the validator ----------------------------------------------------------

# CharField-family fields nobody types as free text: slugs and phone numbers have validators of
# their own (a phone number is parsed and stored normalized), the areas come from a data
# migration, the rest are computed.
NOT_TYPED = {
    ("cate_portal", "Area", "fips"),
    ("cate_portal", "Area", "name"),
    ("cate_portal", "User", "password"),
    ("partners", "Agreement", "text_hash"),
    # Written by the reminder engine from records, never typed (the admin shows it read-only).
    ("cate_portal", "SentReminder", "kind"),
    ("cate_portal", "SentReminder", "key"),
    ("cate_portal", "SentReminder", "about"),
}


def typed_single_line_fields():
    for label in ("cate_portal", "partners", "leadership"):
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            for field in model._meta.concrete_fields:
                if (
                    isinstance(field, models.CharField)
                    and not isinstance(field, models.SlugField | PhoneNumberField)
                    and field.editable
                    and not field.choices
                    and (label, model.__name__, field.name) not in NOT_TYPED
                ):
                    yield pytest.param(field, id=f"{model.__name__}.{field.name}")


@pytest.mark.parametrize("field", list(typed_single_line_fields()))
def test_every_single_line_field_people_type_refuses_invisible_controls(field):
    assert validate_single_line in field.validators
    with pytest.raises(ValidationError) as raised:
        field.run_validators("a\u202eb@example.org")
    assert "bidi_control" in [error.code for error in raised.value.error_list]


# --- The site's own forms ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "Dana\u202eRivers"), ("organization", "Ozark\nFamily Services")],
)
def test_the_contact_form_refuses_a_control_character_and_stores_nothing(client, field, value):
    data = {
        "name": "Dana Rivers",
        "email": "dana@example.org",
        "organization": "Ozark Family Services",
        "message": "We would like to learn how to join.\nThank you.",  # a message has lines
    }
    data[field] = value
    response = client.post("/contact/", data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert ContactMessage.objects.count() == 0


@pytest.mark.django_db
def test_the_user_admin_refuses_a_direction_override_in_a_full_name(director_client):
    response = director_client.post(
        reverse("admin:cate_portal_user_add"),
        {
            "email": "new.person@example.org",
            "full_name": "New\u202eNosrep",
            "usable_password": "true",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
        },
    )
    assert response.status_code == 200
    assert "text-direction character U+202E" in response.content.decode()
    assert not User.objects.filter(email="new.person@example.org").exists()
