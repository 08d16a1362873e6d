"""Languages as a controlled list (issue 11): the parser, the data migration, the filter."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from partners.models import Language, Organization
from partners.organizations.languages import split_languages
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "matched", "rest"),
    [
        ("English, Spanish", ["English", "Spanish"], ""),
        ("english and SPANISH", ["English", "Spanish"], ""),
        ("English/Spanish/ASL", ["English", "Spanish", "ASL"], ""),
        (
            "English, Spanish; interpretation on request",
            ["English", "Spanish"],
            "interpretation on request",
        ),
        ("English, Spanish, Mandarin", ["English", "Spanish", "Chinese"], ""),
        (
            "English, Spanish, K\u2019iche\u2019, Haitian Creole",
            ["English", "Spanish", "K'iche'", "Haitian Creole"],
            "",
        ),
        ("Spanish, Klingon", ["Spanish"], "Klingon"),
        ("", [], ""),
        ("English & American Sign Language", ["English", "ASL"], ""),
    ],
)
def test_split_languages(text, matched, rest):
    assert split_languages(text) == (matched, rest)


def test_the_list_is_seeded():
    assert {"English", "Spanish", "ASL", "Arabic", "Bosnian", "Vietnamese", "Chinese"} <= set(
        Language.objects.values_list("name", flat=True)
    )


def test_the_data_migration_keeps_every_value_it_can_match_and_the_rest_as_text():
    migration = importlib.import_module("partners.migrations.0015_load_languages_from_text")
    apps = MigrationLoader(connection).project_state(("partners", "0014_language")).apps
    mixed = OrganizationFactory(name="Mixed Languages")
    plain = OrganizationFactory(name="Plain Languages")
    unknown = OrganizationFactory(name="Unknown Languages")
    Organization.objects.filter(pk=mixed.pk).update(
        languages="English, spanish; interpretation on request and Marshallese"
    )
    Organization.objects.filter(pk=plain.pk).update(languages="English / Spanish")
    Organization.objects.filter(pk=unknown.pk).update(languages="Klingon")

    migration.forwards(apps, None)

    def names(organization):
        return sorted(organization.spoken_languages.values_list("name", flat=True))

    for organization in (mixed, plain, unknown):
        organization.refresh_from_db()
    assert names(mixed) == ["English", "Marshallese", "Spanish"]
    assert mixed.languages == "interpretation on request"
    assert names(plain) == ["English", "Spanish"]
    assert plain.languages == ""
    assert names(unknown) == []
    assert unknown.languages == "Klingon"

    migration.backwards(apps, None)
    plain.refresh_from_db()
    assert sorted(plain.languages.split(", ")) == ["English", "Spanish"]
