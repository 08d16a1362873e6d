"""The public site in Spanish: addresses, the switcher, the remembered choice (cate_portal/i18n.py),
and the Spanish names and descriptions of the directory."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from partners.models import Application, Language, Organization, Service
from tests.factories import OrganizationFactory, application_form_data, area, service

pytestmark = pytest.mark.django_db

SWITCH_LINK = re.compile(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+" data-language-switch')


def switch_link(html: str, language: str) -> str:
    links = {code: href.replace("&amp;", "&") for href, code in SWITCH_LINK.findall(html)}
    return links[language]


@pytest.fixture
def partner(db) -> Organization:
    organization = OrganizationFactory(
        name="Ozark Survivor Network",
        counties=[area("Phelps County")],
        services=[service("case-management")],
    )
    organization.spoken_languages.set([Language.objects.get(slug="spanish")])
    return organization


def test_english_keeps_todays_addresses_and_spanish_lives_under_es(client):
    english = client.get("/partners/")
    spanish = client.get("/es/partners/")
    assert english.status_code == spanish.status_code == 200
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="es">' in spanish.content.decode()
    assert "Directorio de organizaciones aliadas" in spanish.content.decode()
    with translation.override("es"):
        assert reverse("partners:directory") == "/es/partners/"
    with translation.override("en"):
        assert reverse("partners:directory") == "/partners/"


def test_every_translated_page_names_both_versions_with_hreflang(client):
    html = client.get("/es/partners/?county=29161").content.decode()
    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/partners/?county=29161">'
        in html
    )
    assert (
        '<link rel="alternate" hreflang="es" href="http://testserver/es/partners/?county=29161">'
        in html
    )
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/partners/' in html


def test_the_switcher_keeps_the_page_and_its_query_string(client, partner):
    query = "?q=Rolla&service=case-management&open_24_7=on"
    html = client.get(f"/partners/{query}").content.decode()
    response = client.get(switch_link(html, "es"))
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == "/es/partners/"
    assert parse_qs(target.query) == {
        "q": ["Rolla"],
        "service": ["case-management"],
        "open_24_7": ["on"],
    }
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"

    # And back, from a profile.
    html = client.get(f"/es/partners/{partner.slug}/").content.decode()
    response = client.get(switch_link(html, "en"))
    assert response["Location"] == f"/partners/{partner.slug}/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_the_chosen_language_is_remembered_on_the_next_visit(client):
    client.get(reverse("switch-language", args=["es"]) + "?next=/safety/")
    response = client.get("/contact/?from=bookmark")
    assert response.status_code == 302
    assert response["Location"] == "/es/contact/?from=bookmark"
    assert "Cookie" in response["Vary"]
    # A page that is not translated is left alone: the portal's sign-in stays English.
    assert client.get(reverse("account_login")).status_code == 200

    client.get(reverse("switch-language", args=["en"]) + "?next=/es/safety/")
    assert client.get("/es/contact/")["Location"] == "/contact/"


def test_a_partner_logo_is_never_redirected_to_the_chosen_language(client, partner):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    response = client.get(f"/partners/{partner.slug}/logo.png")
    assert response.status_code == 404  # no logo: answered, not redirected to /es/


def test_the_switcher_refuses_other_sites_and_unknown_languages(client):
    response = client.get(reverse("switch-language", args=["es"]) + "?next=https://evil.example/")
    assert response["Location"] == "/es/"
    assert client.get(reverse("switch-language", args=["fr"]) + "?next=/").status_code == 404


def test_the_sign_in_linked_from_spanish_pages_is_the_portals_english_one(client):
    html = client.get("/es/").content.decode()
    assert 'href="/accounts/login/"' in html
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_signed_in_pages_among_translated_ones_stay_english(client):
    response = client.get("/es/leadership/decisions/")
    assert response.status_code == 302
    assert response["Location"] == "/leadership/decisions/"
    # No switcher on English-only pages.
    html = client.get(reverse("account_login")).content.decode()
    assert "data-language-switch" not in html


def test_spanish_taxonomy_names_show_in_the_spanish_directory_filters_and_cards(client, partner):
    Service.objects.filter(slug="case-management").update(name_es="Acompañamiento de casos")
    spanish = client.get("/es/partners/").content.decode()
    assert '<option value="case-management">Acompañamiento de casos</option>' in spanish
    assert "Acompañamiento de casos" in spanish.split('id="results-heading"')[1]
    # The reference data carries Spanish names too.
    assert '<option value="spanish">Español</option>' in spanish
    english = client.get("/partners/").content.decode()
    assert '<option value="case-management">Case management</option>' in english
    assert "Acompañamiento" not in english


def test_the_spanish_description_is_shown_to_spanish_readers_when_present(client, partner):
    url = partner.get_absolute_url()
    with translation.override("es"):
        spanish_url = partner.get_absolute_url()
    assert spanish_url == f"/es{url}"
    # None yet: the English one, marked as English for screen readers.
    assert '<p class="lead" lang="en">Serves survivors of trafficking.</p>' in (
        client.get(spanish_url).content.decode()
    )
    Organization.objects.filter(pk=partner.pk).update(
        description_es="Acompaña a sobrevivientes de la trata de personas."
    )
    spanish = client.get(spanish_url).content.decode()
    assert '<p class="lead">Acompaña a sobrevivientes de la trata de personas.</p>' in spanish
    assert "Serves survivors" not in spanish
    assert "Serves survivors of trafficking." in client.get(url).content.decode()


def test_an_application_sent_in_spanish_gets_its_e_mails_in_spanish(
    client, director, django_capture_on_commit_callbacks
):
    from partners.applications.services import decline_application

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/es/apply/", application_form_data())
    assert response.status_code == 302
    assert response["Location"] == "/es/apply/sent/"
    application = Application.objects.get()
    assert application.language == "es"
    to_applicant, to_coalition = mail.outbox
    assert to_applicant.subject == (f"[CATE] Recibimos su solicitud ({application.reference})")
    assert "Hola, Robin Reyes:" in to_applicant.body
    assert "/es/apply/status/" in to_applicant.body
    # The coalition reads English.
    assert to_coalition.subject.startswith("[CATE] New application to join")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        decline_application(application=application, acting_user=director, reason="")
    assert "Después de revisarla, la coalición rechazó la solicitud" in mail.outbox[0].body


def test_the_portal_profile_form_edits_the_spanish_description(
    client_as, organization, primary_contact
):
    from partners.organizations.forms import OrganizationProfileForm

    assert "description_es" in OrganizationProfileForm.Meta.fields
    client = client_as(primary_contact)
    html = client.get(reverse("portal:profile", args=[organization.slug])).content.decode()
    (textarea,) = re.findall(r'<textarea[^>]*name="description_es"[^>]*>', html)
    assert 'lang="es"' in textarea
