"""Words written one way across the portal (issue 14): "e-mail" with its hyphen, no doubled
full stop after a time ("5:11 p.m.."), no parentheses inside parentheses ("(adopted
(current))"), sentence case on the account pages. Scans of the templates, the Python messages
and the rendered pages, plus the English catalog that rewords Django's and allauth's strings
(scripts/english_overrides.py)."""

import ast
import gettext
import html
import pathlib
import re
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from partners.models import Role
from tests.factories import MembershipFactory
from tests.leadership.factories import ProposalFactory

ROOT = pathlib.Path(settings.BASE_DIR)
TEMPLATES = ROOT / "templates"
CATALOG = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"

UNHYPHENATED = re.compile(r"\b[Ee]mails?\b")
DOUBLED_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")
NESTED_PARENTHESES = re.compile(r"\([^()]*\(")
# Capitalized words allowed inside a sentence: names of things, not Title Case.
PROPER = {
    "CATE", "Missouri", "Coalition", "Director", "Collaborative", "Partners", "Partner", "I",
    "TOTP", "IP", "PDF", "CSV", "U.S.", "Central", "Trafficking", "Exploitation", "Against",
    "Google", "Microsoft", "Apple", "Authenticator",
}  # fmt: skip


def visible_template_text(source: str) -> str:
    """What a template shows: its text and the strings of its translate tags, without
    comments, tags, variables and HTML attributes."""
    source = re.sub(r"{#.*?#}", " ", source, flags=re.S)
    source = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", " ", source, flags=re.S)
    source = re.sub(r"{%\s*(?:trans|translate)\s+(['\"])(.*?)\1[^%]*%}", r" \2 ", source)
    source = re.sub(r"{%.*?%}", " ", source, flags=re.S)
    source = re.sub(r"{{.*?}}", " ", source, flags=re.S)
    source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.S | re.I)
    return re.sub(r"<[^>]*>", " ", source)


def visible_page_text(content: str) -> str:
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S | re.I)
    content = re.sub(r"<[^>]*>", " ", content)
    return html.unescape(content)


def template_files():
    return sorted(p for p in TEMPLATES.rglob("*") if p.suffix in {".html", ".txt"})


def test_templates_spell_e_mail_with_its_hyphen():
    found = [
        f"{path.relative_to(TEMPLATES)}: {match}"
        for path in template_files()
        for match in UNHYPHENATED.findall(visible_template_text(path.read_text()))
    ]
    assert found == []


def test_templates_nest_no_parentheses():
    found = []
    for path in template_files():
        for line in visible_template_text(path.read_text()).splitlines():
            if NESTED_PARENTHESES.search(line):
                found.append(f"{path.relative_to(TEMPLATES)}: {line.strip()}")
    assert found == []


def prose_strings(path: pathlib.Path):
    """String literals of a module that read as prose (with a space), docstrings aside."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and " " in node.value
        ):
            yield node.value


def test_messages_and_labels_in_python_spell_e_mail_with_its_hyphen():
    found = []
    for app in ("cate_portal", "partners", "leadership"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for text in prose_strings(path):
                if UNHYPHENATED.search(re.sub(r"%\([^)]*\)s|\{[^}]*\}", "", text)):
                    found.append(f"{path.relative_to(ROOT)}: {text[:60]}")
    assert found == []


def test_the_english_catalog_is_compiled_from_its_source():
    """The committed .mo says what the .po says (run scripts/english_overrides.py after an
    edit or a library upgrade)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import english_overrides
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    with CATALOG.with_suffix(".mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    entries = [e for e in english_overrides.parse(CATALOG) if e["msgid"]]
    assert len(entries) > 100
    for entry in entries:
        if "msgid_plural" in entry:
            continue
        msgid = entry["msgid"]
        if "msgctxt" in entry:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        assert translations.gettext(msgid) == entry["msgstr"], entry["msgid"]


def test_django_and_allauth_strings_are_reworded():
    from django.utils.translation import gettext, override

    with override("en-us"):
        assert gettext("Enter a valid email address.") == "Enter a valid e-mail address."
        assert gettext("Sign In") == "Sign in"
        assert gettext("Email Addresses") == "E-mail addresses"


# --- Rendered pages ------------------------------------------------------------------------

PUBLIC_PAGES = [
    "home", "about", "contact", "safety", "partners:directory", "applications:apply",
    "leadership:roster", "values:current", "account_login", "account_reset_password",
    "account_signup",
]  # fmt: skip
ACCOUNT_PAGES = ["account_email", "account_change_password", "mfa_index", "account_logout"]


@pytest.fixture
def partner_pages(organization, primary_contact, director):
    leader = MembershipFactory(organization=organization, role=Role.EXECUTIVE_LEADER)
    proposal = ProposalFactory(created_by=director)
    slug = organization.slug
    return leader.user, [
        reverse("portal:dashboard"),
        reverse("portal:people", args=[slug]),
        reverse("portal:profile", args=[slug]),
        reverse("values:agreement"),
        reverse("leadership:decision-list"),
        proposal.get_absolute_url(),
        reverse("leadership:delegate", args=[slug]),
        reverse("portal:end-membership", args=[slug, leader.pk]),
    ] + [reverse(name) for name in ACCOUNT_PAGES]


def problems(text: str) -> list[str]:
    found = [f"unhyphenated: {m}" for m in UNHYPHENATED.findall(text)]
    found += [
        f"doubled stop: …{text[max(0, m.start() - 30) : m.end()]}"
        for m in DOUBLED_STOP.finditer(text)
    ]
    for line in text.splitlines():
        if NESTED_PARENTHESES.search(line):
            found.append(f"nested parentheses: {line.strip()}")
    return found


@pytest.mark.django_db
def test_public_pages_follow_the_wording(client):
    for name in PUBLIC_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert problems(visible_page_text(response.content.decode())) == [], name


@pytest.mark.django_db
def test_partner_pages_follow_the_wording(client, partner_pages):
    user, urls = partner_pages
    client.force_login(user)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert problems(visible_page_text(response.content.decode())) == [], url


def headings_and_controls(content: str) -> list[str]:
    """The page's title, headings, buttons, links of the account menu and labels."""
    found = re.findall(r"<(title|h[1-6]|button|label|legend)\b[^>]*>(.*?)</\1>", content, re.S)
    return [" ".join(visible_page_text(text).split()) for _tag, text in found]


def title_cased(text: str) -> bool:
    words = [w.strip(".,:;?!()“”\"'") for w in text.split()[1:]]
    return any(
        w[:1].isupper() and w not in PROPER and not w.isupper() and not w[:1].isdigit()
        for w in words
        if w
    )


@pytest.mark.django_db
def test_account_pages_use_sentence_case(client, partner_pages):
    user, _urls = partner_pages
    pages = [reverse(name) for name in ("account_login", "account_reset_password")]
    found = [
        f"{url}: {text}"
        for url in pages
        for text in headings_and_controls(client.get(url).content.decode())
        if title_cased(text)
    ]
    client.force_login(user)
    for url in [reverse(name) for name in ACCOUNT_PAGES]:
        for text in headings_and_controls(client.get(url).content.decode()):
            if title_cased(text) and user.get_full_name() not in text:
                found.append(f"{url}: {text}")
    assert found == []
