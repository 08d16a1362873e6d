"""Writes locale/en/LC_MESSAGES/django.po (and compiles it): the portal's English wording of the
strings that Django and django-allauth ship, so every page, message and e-mail spells "e-mail"
one way and the account pages use sentence case ("Sign in", not "Sign In").

The project's LOCALE_PATHS come before the apps' own catalogs, so these English "translations"
win over the libraries' msgids. Run it again after upgrading Django or django-allauth:

    .venv/bin/python scripts/english_overrides.py

It reads the libraries' French catalogs only to list their msgids (any language would do). The
compiled .mo is committed, so a fresh machine needs no gettext; tests/cate_portal/
test_wording.py checks that the .mo matches the .po and that pages follow the two rules.
"""

from __future__ import annotations

import ast
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
TARGET = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"

# Words kept capitalized inside a sentence-cased string.
KEEP_CAPITALS = {"TOTP", "IP", "ID", "CATE", "I"}
# Placeholders, tags and entities that must never be rewritten.
PROTECTED = re.compile(r"%\([^)]*\)[sd]|%[sd]|\{[^}]*\}|<[^>]*>|&\w+;")
# A short label with a capital after its first word: "Sign In", "New Password (again)".
TITLE_CASE = re.compile(r"[A-Z][\w'-]*(?: \(?[\w'-]+\)?){1,5}\??")


def sources() -> list[pathlib.Path]:
    import allauth
    import django

    django_dir = pathlib.Path(django.__file__).parent
    return [
        pathlib.Path(allauth.__file__).parent / "locale/fr/LC_MESSAGES/django.po",
        django_dir / "conf/locale/fr/LC_MESSAGES/django.po",
        django_dir / "contrib/auth/locale/fr/LC_MESSAGES/django.po",
        django_dir / "contrib/admin/locale/fr/LC_MESSAGES/django.po",
    ]


def parse(path: pathlib.Path) -> list[dict[str, str]]:
    """The entries of a .po file: dicts with msgctxt, msgid and msgid_plural when present."""
    entries, entry, key = [], {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            if entry.get("msgid"):
                entries.append(entry)
            entry, key = {}, None
            continue
        if line.startswith("#"):
            continue
        match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (\".*\")$", line)
        if match:
            key = match.group(1)
            entry[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            entry[key] += ast.literal_eval(line)
    return entries


def rewrite_text(text: str, fn) -> str:
    """Applies `fn` to the plain text between placeholders, tags and entities."""
    out, last = [], 0
    for match in PROTECTED.finditer(text):
        out.append(fn(text[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(fn(text[last:]))
    return "".join(out)


def hyphenate(text: str) -> str:
    text = re.sub(r"\bemail", "e-mail", text)
    text = re.sub(r"\bEmail", "E-mail", text)
    return re.sub(r"\bEMAIL", "E-MAIL", text)


def sentence_case(text: str) -> str:
    if not TITLE_CASE.fullmatch(text) or not any(w[:1].isupper() for w in text.split()[1:]):
        return text
    words = text.split(" ")
    kept = [words[0]]
    for word in words[1:]:
        bare = word.rstrip("?")
        kept.append(word if bare in KEEP_CAPITALS else word.lower())
    # "Two-Factor" -> "Two-factor", "Sign-In" -> "Sign-in".
    first = words[0]
    if "-" in first:
        head, *rest = first.split("-")
        kept[0] = "-".join([head] + [part.lower() for part in rest])
    return " ".join(kept)


def english(text: str, *, from_allauth: bool) -> str:
    text = rewrite_text(text, hyphenate)
    return sentence_case(text) if from_allauth else text


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def main() -> int:
    seen, blocks = set(), []
    for path in sources():
        from_allauth = "allauth" in str(path)
        for entry in parse(path):
            key = (entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural"))
            if key in seen:
                continue
            singular = english(entry["msgid"], from_allauth=from_allauth)
            plural = entry.get("msgid_plural")
            plural_text = english(plural, from_allauth=from_allauth) if plural else None
            if singular == entry["msgid"] and plural_text == plural:
                continue
            seen.add(key)
            lines = []
            if entry.get("msgctxt") is not None:
                lines.append(f"msgctxt {quote(entry['msgctxt'])}")
            lines.append(f"msgid {quote(entry['msgid'])}")
            if plural:
                lines.append(f"msgid_plural {quote(plural)}")
                lines.append(f"msgstr[0] {quote(singular)}")
                lines.append(f"msgstr[1] {quote(plural_text)}")
            else:
                lines.append(f"msgstr {quote(singular)}")
            blocks.append("\n".join(lines))
    header = "\n".join(
        [
            "# The portal's English wording of Django's and django-allauth's strings.",
            "# Written by scripts/english_overrides.py: edit the script, not this file.",
            'msgid ""',
            'msgstr ""',
            '"Content-Type: text/plain; charset=UTF-8\\n"',
            '"Language: en\\n"',
            '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
        ]
    )
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(header + "\n\n" + "\n\n".join(blocks) + "\n", encoding="utf-8")
    # gettext's msgfmt from PATH, with fixed arguments.
    subprocess.run(  # noqa: S603  # nosec B607
        ["msgfmt", "--check-format", "-o", str(TARGET.with_suffix(".mo")), str(TARGET)],  # noqa: S607
        check=True,
    )
    print(f"{len(blocks)} strings written to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
