"""Text rules every app applies to what people type: how names compare, what a line may hold.

A ground module: it imports nothing of the portal's apps, so models, forms, services and
migrations of every app can use it.

- `comparison_key(name)`: the one spelling of a name used to compare names (the unique
  organization name, the duplicate check of applications, the admin).
- `validate_single_line(value)`: the validator of every single-line field a person types.
- `validate_comparable_name(value)`: a name must have something to compare.

Unicode sources: normalization forms and the compatibility caseless match (D146) are in The
Unicode Standard, chapter 3.13 and UAX #15; general categories (Cc, Cf, P*) in UAX #44; the
Default_Ignorable_Code_Point list in DerivedCoreProperties.txt (Unicode 15.1); the bidirectional
formatting characters in UAX #9, section 2; line and paragraph separators in UAX #14.
"""

import unicodedata
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

# --- Comparing names ------------------------------------------------------------------------

# Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 15.1): invisible characters
# (zero-width space and joiners, soft hyphen, variation selectors, tags...). They change nothing
# a reader sees, so they must not make two names different.
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)

# Punctuation that joins the letters of one word ("U.S.", "Workers'", "O'Brien", "Inc."): it is
# dropped, so "U.S." and "US" compare equal. Every other punctuation mark separates words and
# counts as a space, so "Safe-Harbor", "Safe/Harbor" and "Safe Harbor" compare equal.
_JOINING_PUNCTUATION = frozenset(".'\u2018\u2019\u201b")


def _is_default_ignorable(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _DEFAULT_IGNORABLE)


def _caseless(text: str) -> str:
    """The compatibility caseless form of D146, NFKD(casefold(NFKD(casefold(NFD(text))))),
    recomposed (NFC) so the key stays short: recomposing is one-to-one on NFKD strings, so two
    texts have equal keys exactly when D146 calls them a match."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFD", text).casefold())
    return unicodedata.normalize("NFC", unicodedata.normalize("NFKD", text.casefold()))


def comparison_key(name: str) -> str:
    """The spelling of `name` under which two names are the same name: str -> str.

    "Safe Harbor, Inc.", "safe harbor inc", "Safe  Harbor Inc" and "SAFE HARBOR INC" typed in
    full-width letters (U+FF33 U+FF21 ..., as East Asian keyboards give) all give
    "safe harbor inc". Step by step:

    1. Unicode compatibility caseless matching (D146: NFKD and full case folding, so "ß" is
       "ss", "ﬁ" is "fi", full-width and mathematical letters are plain ones), recomposed (NFC).
    2. Default-ignorable characters (zero-width space and joiners, soft hyphen, variation
       selectors, direction marks) are dropped.
    3. Punctuation (general category P*): "." and apostrophes are dropped, every other mark
       counts as a space. Control characters count as a space too.
    4. Whitespace (any Unicode space, line break or tab) is collapsed to one space and trimmed.

    Letters, digits, marks and symbols of every script are kept as they are: accents count
    ("José" is not "Jose": in Spanish "año" is not "ano"), and so do "+", "$" and emoji.
    "&" is punctuation, so "Safe & Sound" is "safe sound"; it is not read as "and", because
    partners write in English and Spanish ("y") and a key should not depend on a language.

    The key can be longer than the name: compatibility forms spell some characters as several
    ("ﷺ" as 18 letters). A name of punctuation and spaces only has the empty key.
    """
    kept = []
    for char in _caseless(name):
        if char in _JOINING_PUNCTUATION or _is_default_ignorable(char):
            continue
        category = unicodedata.category(char)
        kept.append(" " if category[0] == "P" or category == "Cc" else char)
    # Dropping characters can bring a letter next to its accent again: recompose once more.
    return unicodedata.normalize("NFC", " ".join("".join(kept).split()))


# --- What a single line may hold ------------------------------------------------------------

# Line and paragraph breaks among the control characters, and U+2028/U+2029 (UAX #14).
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# Bidirectional formatting characters (UAX #9, 2.1-2.6): embeddings and overrides (LRE, RLE,
# PDF, LRO, RLO), isolates (LRI, RLI, FSI, PDI) and the implicit marks (LRM, RLM, ALM). They can
# make text display in another order than it is stored ("Trojan Source", CVE-2021-42574).
_BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)

LINE_BREAK_MESSAGE = gettext_lazy("Keep this on one line: remove the line break (%(code_point)s).")
CONTROL_CHARACTER_MESSAGE = gettext_lazy(
    "Remove the invisible control character %(code_point)s%(description)s. It often comes "
    "with pasted text: typing the text again removes it."
)
BIDI_CONTROL_MESSAGE = gettext_lazy(
    "Remove the invisible text-direction character %(code_point)s: it can make the text show "
    "in a different order than it is stored. It often comes with pasted text: typing the text "
    "again removes it."
)
NO_LETTERS_MESSAGE = gettext_lazy(
    "Enter a name with letters or digits: punctuation and spaces alone are not a name."
)

_MESSAGES = {
    "line_break": LINE_BREAK_MESSAGE,
    "control_character": CONTROL_CHARACTER_MESSAGE,
    "bidi_control": BIDI_CONTROL_MESSAGE,
}
_DESCRIPTIONS = {"\t": " (a tab)", "\x00": " (a null character)"}


def _code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


def validate_single_line(value: str) -> None:
    """Refuses text that is not one plain line: raises ValidationError, else returns None.

    Refused, each with a message saying what to remove (codes in brackets):
    - line and paragraph breaks: "\\n", "\\r", vertical tab, form feed, the C0 separators
      U+001C-U+001E, NEL U+0085, LINE SEPARATOR U+2028, PARAGRAPH SEPARATOR U+2029
      [line_break];
    - every other control character, general category Cc (U+0000-U+001F, U+007F-U+009F), the
      tab included [control_character];
    - the bidirectional formatting characters U+202A-U+202E, U+2066-U+2069 and the marks
      U+200E, U+200F, U+061C [bidi_control].
    One message per kind found, in the order above, naming the first character of that kind.
    Leading and trailing spaces are the form's business (Django's CharField strips them).
    """
    if not isinstance(value, str):
        return
    found: dict[str, str] = {}
    for char in value:
        if char in _LINE_BREAKS:
            found.setdefault("line_break", char)
        elif char in _BIDI_CONTROLS:
            found.setdefault("bidi_control", char)
        elif unicodedata.category(char) == "Cc":
            found.setdefault("control_character", char)
    errors = [
        ValidationError(
            message,
            code=code,
            params={
                "code_point": _code_point(found[code]),
                "description": _DESCRIPTIONS.get(found[code], ""),
            },
        )
        for code, message in _MESSAGES.items()  # in this order, whatever came first
        if code in found
    ]
    if errors:
        raise ValidationError(errors)


def validate_comparable_name(value: str) -> None:
    """Refuses a name with nothing to compare (an empty comparison_key): raises
    ValidationError (code no_letters), else returns None."""
    if isinstance(value, str) and value.strip() and not comparison_key(value):
        raise ValidationError(NO_LETTERS_MESSAGE, code="no_letters")


def format_currency(amount) -> str:
    """An amount of US dollars as people write it: "$75,000", "$1,234.50" (cents only when
    there are some), "-$20" below zero; "" for None."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    sign = "-" if amount < 0 else ""
    amount = abs(amount).quantize(Decimal("0.01"))
    text = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{sign}${text}"
