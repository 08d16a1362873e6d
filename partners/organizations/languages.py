"""Reading the languages a partner wrote as free text into the controlled list (issue 11).

Used by the demo data; migration 0015 holds a frozen copy, as migrations should.
"""

import re

# The first list the coalition keeps (the Coalition Director edits it in the admin), with the
# spellings partners used for each.
LANGUAGES: dict[str, tuple[str, ...]] = {
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

_SEPARATORS = re.compile(r"[,;/\n]|\band\b|&", re.IGNORECASE)


def _key(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").casefold().split())


def language_index() -> dict[str, str]:
    """Every spelling (lower-cased) -> the language's name in the list."""
    index = {}
    for name, aliases in LANGUAGES.items():
        for spelling in (name, *aliases):
            index[_key(spelling)] = name
    return index


def split_languages(text: str, index: dict[str, str] | None = None) -> tuple[list[str], str]:
    """Free text -> (names in the list, in order; the rest as written, joined by ", ").

    "English, Spanish; interpretation on request" -> (["English", "Spanish"],
    "interpretation on request"). Splits on commas, semicolons, slashes, "and" and "&";
    matches case-insensitively.
    """
    index = language_index() if index is None else index
    matched: list[str] = []
    rest: list[str] = []
    for piece in _SEPARATORS.split(text or ""):
        piece = piece.strip(" .")
        if not piece:
            continue
        name = index.get(_key(piece))
        if name is None:
            rest.append(piece)
        elif name not in matched:
            matched.append(name)
    return matched, ", ".join(rest)
