"""The Spanish catalogue is complete and compiled, and no public page under /es/ shows English.

The scan reads each public page as a visitor sees it (text, and the attributes people hear or
see: alt, title, aria-label, placeholder) and fails on any English left: a text equal to an
English string of the catalogue (marked but not translated, or a stale .mo), or English words
(a string nobody marked for translation). Text an author marked as not to translate (proper
names: ``translate="no"``) or as English on purpose (a partner's own English description:
``lang="en"``) is skipped, and so are the names the data holds (organizations, people,
counties, seats). See docs/i18n.md.
"""

import datetime
import gettext
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import timezone, translation
from django.views import defaults

from cate_portal.http import server_error
from cate_portal.models import Area
from leadership.models import EventKind, EventVisibility
from partners.applications.views import SESSION_KEY
from partners.models import Language, Organization, Population, Service
from tests.factories import (
    ApplicationFactory,
    FiscalSponsorshipFactory,
    FunderFactory,
    OrganizationFactory,
    adopted_version,
    area,
    give_status_token,
    service,
)
from tests.leadership.factories import EventFactory, SeatFactory, TermFactory

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"
PO = CATALOGUE / "django.po"
MO = CATALOGUE / "django.mo"

# Words that only English writes: one of them in a Spanish page's visible text is a string
# nobody marked for translation. Words Spanish also writes ("a", "no", "me", "he", "local") are
# left out.
ENGLISH_WORDS = frozenset(
    re.findall(
        r"\S+",
        """the and of to your you with for this that our are is be by from or not who what when
        which will can has have was were been their they them its it an in on at as if all any
        none yes sign find help apply join search partner partners service services page about
        contact here home back more show see read open send sent choose please thank thanks
        review status directory map county counties area areas statewide offer offers language
        languages hours only public staff coalition values vision mission leadership history
        privacy notice application organization organizations name e-mail phone address website
        description type types results filters filter clear exit quickly safely browse browsing""",
    )
)
# Names a Spanish page writes as they are, beyond those the data holds.
PROPER_NAMES = (
    "Coalition Against Trafficking and Exploitation",  # never alone: translated in the text
    "Healing Action",
    "Jordan Hawkins",
    "St. Louis",
    "Kansas City",
    "Missouri",
    "InPrivate",
    "Chrome",
    "Firefox",
    "Safari",
    "Edge",
    "Shift",
    "CATE",
)
SKIPPED_ELEMENTS = frozenset({"script", "style", "template", "noscript"})
HEARD_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")


class VisibleText(HTMLParser):
    """Collects what a visitor reads or hears on a page, leaving out elements marked
    ``translate="no"``, elements in a language other than the page's (``lang="en"``), and
    scripts."""

    VOID = frozenset(
        re.findall(r"\S+", "area base br col embed hr img input link meta source track wbr")
    )

    def __init__(self, page_language: str):
        super().__init__(convert_charrefs=True)
        self.page_language = page_language
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.texts: list[str] = []

    def _skipping(self) -> bool:
        return any(skipped for _tag, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = attributes.get("lang")
        skipped = (
            tag in SKIPPED_ELEMENTS
            or attributes.get("translate") == "no"
            or attributes.get("aria-hidden") == "true"
            or (tag != "html" and lang is not None and not lang.startswith(self.page_language))
        )
        if not (skipped or self._skipping()):
            for name in HEARD_ATTRIBUTES:
                if attributes.get(name):
                    self.texts.append(attributes[name])
            if tag == "input" and attributes.get("type") in ("submit", "button"):
                self.texts.append(attributes.get("value", ""))
        if tag not in self.VOID:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if data.strip() and not self._skipping():
            self.texts.append(data)


def visible_texts(html: str, language: str = "es") -> list[str]:
    parser = VisibleText(language)
    parser.feed(html)
    return [" ".join(text.split()) for text in parser.texts if text.strip()]


def english_catalogue() -> dict[str, str]:
    """The compiled catalogue's English strings (msgid → msgstr), each as one line."""
    with MO.open("rb") as file:
        catalog = gettext.GNUTranslations(file)._catalog
    return {
        " ".join(key.split()): value
        for key, value in catalog.items()
        if isinstance(key, str) and key and key != value
    }


def names_in_the_data() -> list[str]:
    names = [
        *Area.objects.values_list("name", flat=True),
        *Organization.objects.values_list("name", flat=True),
        *PROPER_NAMES,
    ]
    from leadership.models import Event, Seat, Term

    names += list(Seat.objects.values_list("title", flat=True))
    names += list(Term.objects.values_list("name", flat=True))
    names += list(Term.objects.values_list("person__full_name", flat=True))
    # An event's title is its host's own words, marked lang="en" in the page's body; the page's
    # <title> cannot mark a part of itself.
    names += list(Event.objects.values_list("title", flat=True))
    # Longest first: "Phelps County" goes before "Phelps".
    return sorted({name for name in names if name}, key=len, reverse=True)


def english_left(texts: list[str], catalogue: dict[str, str], names: list[str]) -> list[str]:
    """The texts that still read as English."""
    found = []
    for text in texts:
        if text in catalogue:
            found.append(text)
            continue
        # Addresses are not prose: e-mail addresses, web addresses.
        remainder = re.sub(r"\S+@\S+|https?://\S+|\b[\w-]+(\.[\w-]+)+/\S*", " ", text)
        for name in names:
            remainder = remainder.replace(name, " ")
        words = re.findall(r"[^\W\d_][\w'-]*", remainder)
        if any(word.lower() in ENGLISH_WORDS for word in words):
            found.append(text)
    return found


# --- The catalogue ---------------------------------------------------------------------------


def po_entries() -> list[str]:
    """The .po file's entries, as blocks of text (the header first)."""
    return [block for block in PO.read_text(encoding="utf-8").split("\n\n") if block.strip()]


def test_the_catalogue_has_no_fuzzy_or_empty_translation():
    problems = []
    for block in po_entries()[1:]:
        if block.lstrip().startswith("#~"):
            problems.append(f"obsolete entry, remove it:\n{block}")
        if re.search(r"^#,.*\bfuzzy\b", block, re.MULTILINE):
            problems.append(f"fuzzy:\n{block}")
        strings = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block + "\n", re.MULTILINE)
        if not strings or any(not "".join(re.findall(r'"(.*)"', value)) for value in strings):
            problems.append(f"not translated:\n{block}")
    assert not problems, "\n\n".join(problems)


def test_the_compiled_catalogue_matches_the_po_file(tmp_path):
    """The committed .mo is the .po compiled: compare them entry by entry (msgfmt from
    Debian's gettext, which `make test` installs when missing)."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt is missing: run `make i18n-deps` (Debian's gettext)"
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check", "-o", str(fresh), str(PO)], check=True)  # noqa: S603
    with fresh.open("rb") as file:
        expected = gettext.GNUTranslations(file)._catalog
    with MO.open("rb") as file:
        committed = gettext.GNUTranslations(file)._catalog
    assert committed == expected, "locale/es is stale: run `make messages` and commit the .mo"


# --- The pages -------------------------------------------------------------------------------


@pytest.fixture
def public_data(db):
    """Enough records for every public page to show all its parts."""
    spanish = Language.objects.get(slug="spanish")
    shelter = OrganizationFactory(
        name="Ozark Survivor Network",
        statewide=False,
        counties=[area("Phelps County"), area("Pulaski County")],
        services=[service("case-management"), service("legal-services")],
        open_24_7=True,
        accepts_referrals=True,
        serves_labor_trafficking=True,
        public_phone="+13145550123",
        description_es="Acompaña a sobrevivientes de la trata de personas.",
    )
    shelter.spoken_languages.set([spanish])
    shelter.populations.set(Population.objects.all()[:2])
    statewide = OrganizationFactory(
        name="Show-Me Legal Aid", statewide=True, services=[service("hotline")]
    )
    sponsor = FiscalSponsorshipFactory(organization=statewide)
    FunderFactory(name="Gateway Foundation", publicly_acknowledged=True)
    old = adopted_version(adopted_on=datetime.date(2024, 1, 10), label="2024")
    adopted_version(adopted_on=datetime.date(2025, 6, 1), label="2025")
    seat = SeatFactory(title="Treasurer")
    TermFactory(seat=seat, name="Morgan Lee", started_on=datetime.date(2025, 1, 1))
    application = ApplicationFactory()
    now = timezone.now()
    walk = EventFactory(
        title="Awareness walk",
        kind=EventKind.COMMUNITY_EVENT,
        visibility=EventVisibility.PUBLIC,
        host=shelter,
        place_name="Room of the public library",
        description="A walk through the town to talk about labor trafficking.",
        capacity=30,
        online_link="https://meet.example.org/walk",
    )
    training = EventFactory(
        title="Recognizing the signs",
        kind=EventKind.TRAINING,
        visibility=EventVisibility.PUBLIC,
        starts_at=now - datetime.timedelta(hours=3),
        ends_at=now - datetime.timedelta(hours=1),
        people_trained=12,
    )
    # English addresses, whatever language an earlier request left active.
    translation.activate("en")
    return {
        "profile": shelter.get_absolute_url(),
        "old_values": old.get_absolute_url(),
        "status_token": give_status_token(application),
        "sponsor": sponsor,
        "application": application,
        "event": walk.get_absolute_url(),
        "past_event": training.get_absolute_url(),
        "event_month": f"/events/{walk.starts_at:%Y}/{walk.starts_at.month}/",
    }


def public_pages(data) -> list[str]:
    """Every public page, in English addresses (the Spanish ones are /es/ + these)."""
    case = Service.objects.get(slug="case-management")
    return [
        "/",
        "/about/",
        "/contact/",
        "/safety/",
        "/values/",
        data["old_values"],
        "/leadership/",
        "/resources/",
        "/resources/?q=nothing-like-this",
        "/partners/",
        "/partners/?q=Rolla",
        "/partners/?q=Nowhereville",
        "/partners/?county=29169&service=hotline",
        f"/partners/?service={case.slug}&language=spanish&trafficking=labor&open_24_7=on",
        "/partners/?service=interpretation&county=29161",
        data["profile"],
        "/coverage/",
        f"/coverage/?service={case.slug}",
        "/apply/",
        "/apply/sent/",  # reached after sending an application: see below
        f"/apply/status/{data['status_token']}/",
        "/events/",
        data["event_month"],
        "/events/past/",
        data["event"],
        data["past_event"],
        "/no-such-page/",
    ]


def test_every_public_page_answers_in_spanish_with_no_english_left(client, public_data):
    catalogue = english_catalogue()
    names = names_in_the_data()
    problems = {}
    # The sent page shows only after sending an application (else it redirects to the form):
    # the session holds the reference the send left there.
    session = client.session
    session[SESSION_KEY] = public_data["application"].reference
    session.save()
    for url in public_pages(public_data):
        response = client.get(f"/es{url}")
        assert response.status_code == (404 if "no-such" in url else 200), url
        html = response.content.decode()
        assert '<html lang="es">' in html, url
        left = english_left(visible_texts(html), catalogue, names)
        if left:
            problems[url] = left
    assert not problems, problems


def test_forms_with_errors_and_messages_are_in_spanish(client, public_data):
    catalogue = english_catalogue()
    names = names_in_the_data()
    for url, data in (("/es/contact/", {"name": "\n"}), ("/es/apply/", {"website": "x"})):
        html = client.post(url, data).content.decode()
        assert "is-invalid" in html or "alert-danger" in html, url
        assert not english_left(visible_texts(html), catalogue, names), url
        # Each message names its field (docs/forms.md), in Spanish as in English.
        assert "Este campo es obligatorio" not in html, url
    contact = client.post("/es/contact/", {"name": "\n"}).content.decode()
    assert "Escriba su nombre" in contact
    # The county picker's script shows words it reads from the page: they are Spanish too.
    picker = client.get("/es/apply/").content.decode()
    for attribute in ("search-label", "statewide-label", "all-label", "no-results", "remove-label"):
        words = re.search(rf'data-{attribute}="([^"]*)"', picker).group(1)
        assert not english_left([words], catalogue, names), (attribute, words)
    assert 'data-no-results="Ningún condado ni región tiene ese nombre"' in picker
    response = client.post(
        "/es/contact/",
        {"name": "Ana", "email": "ana@example.org", "message": "Hola"},
        follow=True,
    )
    assert "Gracias: su mensaje ha llegado a la coalición." in response.content.decode()


@pytest.mark.parametrize(
    ("view", "template_status"),
    [(defaults.permission_denied, 403), (server_error, 500)],
)
def test_the_error_pages_are_in_spanish(db, view, template_status):
    request = RequestFactory().get("/es/partners/")
    with translation.override("es"):
        response = view(request) if view is server_error else view(request, PermissionDenied())
    assert response.status_code == template_status
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert not english_left(visible_texts(html), english_catalogue(), names_in_the_data())


def test_the_scan_finds_english_left_in_a_page():
    """The scan is not blind: an unmarked string, a stale translation, and what it skips."""
    catalogue = english_catalogue()
    html = (
        '<html lang="es"><body><p>Buscar</p><p>Find a partner near you</p>'
        '<p>Ver todo: click here</p><p lang="en">Serves survivors.</p>'
        '<span translate="no">Healing Action Partners</span>'
        '<img alt="Logo of the coalition"><script>var the = 1;</script></body></html>'
    )
    assert english_left(visible_texts(html), catalogue, []) == [
        "Find a partner near you",
        "Ver todo: click here",
        "Logo of the coalition",
    ]
