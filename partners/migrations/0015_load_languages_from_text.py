"""Seeds the list of languages and moves each partner's free-text languages into it (issue 11).

Every value that matches a language of the list (case-insensitively, after splitting on commas,
semicolons, slashes, "and" and "&") becomes a row of spoken_languages; what does not match stays
in the text field ("other languages or notes"), so nothing is lost. The functions are a frozen
copy of partners/organizations/languages.py, as a migration should not import app code.
Reversible: the text is rebuilt from the list followed by the rest.
"""

import re

from django.db import migrations
from django.utils.text import slugify

LANGUAGES = {
    "English": (),
    "Spanish": ("español", "espanol"),
    "ASL": ("american sign language", "sign language"),
    "Arabic": (),
    "Bosnian": ("bosnian/croatian/serbian", "bcs"),
    "Vietnamese": (),
    "Chinese": ("mandarin", "cantonese"),
    "French": (),
    "Swahili": ("kiswahili",),
    "Somali": (),
    "Haitian Creole": ("creole", "kreyòl"),
    "K'iche'": ("kiche", "k'iche", "quiché", "quiche"),
    "Marshallese": (),
    "Korean": (),
    "Russian": (),
    "Ukrainian": (),
    "Tagalog": ("filipino",),
    "Portuguese": (),
    "Burmese": (),
    "Nepali": (),
    "Dari": (),
    "Pashto": (),
    "Hindi": (),
    "German": (),
}
SEPARATORS = re.compile(r"[,;/\n]|\band\b|&", re.IGNORECASE)


def key(text):
    return " ".join(text.replace("\u2019", "'").casefold().split())


def split(text, index):
    matched, rest = [], []
    for piece in SEPARATORS.split(text or ""):
        piece = piece.strip(" .")
        if not piece:
            continue
        name = index.get(key(piece))
        if name is None:
            rest.append(piece)
        elif name not in matched:
            matched.append(name)
    return matched, ", ".join(rest)


def forwards(apps, schema_editor):
    Language = apps.get_model("partners", "Language")
    Organization = apps.get_model("partners", "Organization")
    by_name = {}
    for order, name in enumerate(LANGUAGES):
        by_name[name], _ = Language.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "order": order}
        )
    index = {
        key(spelling): name for name, aliases in LANGUAGES.items() for spelling in (name, *aliases)
    }
    # Languages the director may already have added count too.
    for language in Language.objects.all():
        index.setdefault(key(language.name), language.name)
        by_name.setdefault(language.name, language)
    for organization in Organization.objects.exclude(languages="").iterator():
        matched, rest = split(organization.languages, index)
        if not matched:
            continue
        organization.spoken_languages.add(*(by_name[name] for name in matched))
        # update() rather than save(): no history row or timestamp for a change of form.
        Organization.objects.filter(pk=organization.pk).update(languages=rest)


def backwards(apps, schema_editor):
    Organization = apps.get_model("partners", "Organization")
    for organization in Organization.objects.prefetch_related("spoken_languages").iterator(
        chunk_size=500
    ):
        names = [language.name for language in organization.spoken_languages.all()]
        if names:
            text = ", ".join(
                [*names, *([organization.languages] if organization.languages else [])]
            )
            Organization.objects.filter(pk=organization.pk).update(languages=text[:300])


class Migration(migrations.Migration):
    dependencies = [("partners", "0014_language")]

    operations = [migrations.RunPython(forwards, backwards)]
