"""Every form of the site, as a careful person meets it (issue 14, "Every form").

A scan of the form pages of the URLconf (public and signed-in): each is sent empty, then the
page must show one message per field, mark every optional field "(optional)" with no "*", and
move focus to the error summary, whose links move focus to their fields. Then the items one by
one: the phone kept as typed and shown as people read it, the county picker (with and without
JavaScript), the file attached to a form that fails.
"""

import os
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.generic.edit import FormMixin
from playwright.sync_api import Page, expect

from cate_portal.models import Area, Region
from partners.models import Role
from tests.browser.helpers import sign_in
from tests.factories import MembershipFactory, OrganizationFactory, adopted_version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("FORM_SHOTS_DIR", "test-results/shots"))

# Every page of the URLconf whose view is a form view is scanned, or listed here with why not.
PUBLIC_FORM_PAGES = ["/apply/", "/contact/", "/accounts/login/", "/accounts/password/reset/"]
SIGNED_IN_FORM_PAGES = [
    "/portal/{slug}/profile/",
    "/portal/{slug}/people/",
    "/portal/agreement/",
    "/leadership/delegate/{slug}/",
    "/accounts/password/change/",
    "/accounts/email/",
    "/resources/contribute/{slug}/",
    "/events/propose/",
]


def _form_view_routes() -> set[str]:
    """The routes of the URLconf whose view class shows a form (FormMixin)."""
    routes = set()

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                view_class = getattr(pattern.callback, "view_class", None)
                if view_class and issubclass(view_class, FormMixin):
                    routes.add("/" + prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns)
    return routes


def send_empty(page: Page) -> None:
    """Sends the page's main form with nothing typed, past the browser's own checks."""
    form = page.locator("main form[method=post]:has([type=submit])").last
    form.evaluate("f => { f.noValidate = true; }")
    form.locator("[type=submit]").last.click()
    page.wait_for_load_state()


def check_form_conventions(page: Page) -> None:
    """One message per field, "(optional)" on every optional field and no "*", and focus on
    the error summary, whose first link then moves focus to its field."""
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    texts = summary.locator("li").all_inner_texts()
    assert len(texts) == len(set(texts)), f"{page.url}: the same message twice: {texts}"
    problems = page.evaluate(
        """() => {
            const out = [];
            const perField = {};
            document.querySelectorAll("main .invalid-feedback [id^=error_]").forEach((el) => {
                const field = el.id.replace(/^error_\\d+_/, "");
                perField[field] = (perField[field] || 0) + 1;
            });
            for (const [field, n] of Object.entries(perField)) {
                if (n > 1) out.push(`${field}: ${n} messages`);
            }
            if (document.querySelector("main .asteriskField")) out.push("a * mark");
            // An optional field (no required attribute) says so in its label; a single
            // checkbox is exempt (unticked is an answer), so are honeypots and hidden fields.
            document.querySelectorAll("main form input, main form select, main form textarea")
                .forEach((el) => {
                    if (["hidden", "submit", "checkbox", "radio"].includes(el.type)) return;
                    if (el.closest(".honeypot, [hidden], .ts-wrapper")) return;
                    if (el.disabled || !el.id) return;
                    // A drop-down without an empty choice always sends an answer.
                    if (el.tagName === "SELECT" && !el.multiple
                        && !el.querySelector("option[value='']")) return;
                    const label = document.querySelector(`label[for="${el.id}"]`);
                    if (label && !el.required && !/optional/i.test(label.textContent)) {
                        out.push(`unmarked optional field: ${el.id} (${label.textContent.trim()})`);
                    }
                });
            return out;
        }"""
    )
    assert not problems, f"{page.url}: {problems}"
    first_link = summary.locator("a").first
    if first_link.count():
        first_link.click()
        field_id = first_link.get_attribute("href").lstrip("#")
        focused = page.evaluate("() => document.activeElement && document.activeElement.id")
        assert focused and (focused == field_id or focused.startswith(field_id.rsplit("_", 1)[0]))


def test_every_form_view_of_the_urlconf_is_scanned():
    scanned = {p.replace("{slug}", "<slug:slug>") for p in PUBLIC_FORM_PAGES + SIGNED_IN_FORM_PAGES}
    unscanned = {
        # A form per ballot on the proposal's page, scanned through that page in test_vote_form.
        "/leadership/decisions/<int:pk>/vote/<slug:slug>/",
        # Reached from an e-mailed token; its form is checked by the people tests.
        "/invitations/<str:token>/",
    }
    missing = {
        route
        for route in _form_view_routes()
        if route not in scanned | unscanned
        and not route.startswith("/admin/")
        and not route.startswith("/accounts/")
    }
    assert not missing, f"form pages not scanned: {sorted(missing)}"


@pytest.mark.parametrize("path", PUBLIC_FORM_PAGES)
def test_public_forms_follow_the_conventions(page: Page, path):
    adopted_version()
    page.goto(path)
    send_empty(page)
    check_form_conventions(page)


@pytest.fixture
def leader(db):
    """The executive leader and primary contact of a partner, with a second member."""
    organization = OrganizationFactory(name="Ozark Family Services", public_phone="+14175550199")
    user = MembershipFactory(organization=organization, role=Role.EXECUTIVE_LEADER).user
    MembershipFactory(organization=organization, role=Role.PRIMARY_CONTACT)
    return user, organization


def test_signed_in_forms_follow_the_conventions(page: Page, leader):
    user, organization = leader
    adopted_version()
    sign_in(page, user.email)
    for path in SIGNED_IN_FORM_PAGES:
        page.goto(path.format(slug=organization.slug))
        if path == "/portal/{slug}/profile/":
            # A phone number cut short makes the profile form fail; it comes back as typed.
            page.locator("#id_public_phone").fill("417-555-01")
        if path == "/leadership/delegate/{slug}/":
            # Nobody is a valid answer: a choice from outside the list makes it fail.
            page.locator("#id_user").evaluate(
                "s => { s.add(new Option('someone gone', '999999')); s.value = '999999'; }"
            )
        send_empty(page)
        check_form_conventions(page)
        if path == "/portal/{slug}/profile/":
            expect(page.locator("#id_public_phone")).to_have_value("417-555-01")


def test_a_phone_number_has_one_message_and_comes_back_as_typed(page: Page):
    adopted_version()
    page.goto("/apply/")
    page.get_by_label("Contact person's phone number").fill("417-555-01")
    page.get_by_label("Public phone number").fill("+44 20 7946 0958")
    send_empty(page)
    expect(page.get_by_label("Contact person's phone number")).to_have_value("417-555-01")
    expect(page.get_by_label("Public phone number")).to_have_value("+44 20 7946 0958")
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="contact person's phone number")).to_have_count(1)
    expect(summary.get_by_role("link", name="public phone number")).to_have_count(1)
    # Whose field each message is: never "Full name" twice without saying whose.
    expect(summary.get_by_role("link", name="Enter the contact person's full name")).to_be_visible()
    expect(
        summary.get_by_role("link", name="Enter the executive leader's full name")
    ).to_be_visible()
    expect(
        summary.get_by_role("link", name="Enter the executive leader's e-mail address")
    ).to_be_visible()
    expect(summary).not_to_contain_text("This field is required")
    summary.get_by_role("link", name="contact person's phone number").click()
    expect(page.get_by_label("Contact person's phone number")).to_be_focused()
    # Checkbox groups name themselves.
    expect(summary).to_contain_text("Choose at least one of the services your organization offers")


def test_a_stored_phone_number_reads_as_people_write_it(page: Page, leader):
    user, organization = leader
    sign_in(page, user.email)
    page.goto(f"/portal/{organization.slug}/profile/")
    expect(page.locator("#id_public_phone")).to_have_value("(417) 555-0199")


def test_the_agreement_message_does_not_quote_the_attestation(page: Page, leader):
    user, _organization = leader
    adopted_version()
    sign_in(page, user.email)
    page.goto("/portal/agreement/")
    page.get_by_role("button", name="Sign the shared values").click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Tick the box to attest that you may sign")
    expect(summary).not_to_contain_text("I attest")
    expect(summary).not_to_contain_text(".:")


def _page_height(page: Page) -> int:
    return page.evaluate("() => document.documentElement.scrollHeight")


def choose(page: Page, search, text: str) -> None:
    """Types into the picker's search box and presses Enter, as a keyboard user does."""
    search.press_sequentially(text)
    page.keyboard.press("Enter")


def test_county_picker_is_short_searchable_and_groups_regions(page: Page):
    adopted_version()
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/apply/")
    # 115 checkboxes made the page 7,800 px tall; the picker is one line.
    assert _page_height(page) < 5000
    search = page.get_by_role("combobox", name="Search counties or regions")
    search.click()
    # Typing then Enter at once chooses what was typed (no throttled search in between).
    choose(page, search, "Greene")
    greene = Area.objects.get(name="Greene County").pk
    checked = page.locator("input[name=counties]:checked")
    expect(checked).to_have_count(1)
    assert checked.get_attribute("value") == str(greene)
    # A region is found by its name, with its counties after "All of <region>".
    search.press_sequentially("Southwest")
    dropdown = page.locator(".ts-dropdown")
    expect(dropdown.get_by_role("option").first).to_have_text("All of Southwest")
    expect(dropdown.get_by_role("option", name="Jasper County")).to_be_visible()
    page.keyboard.press("Enter")
    southwest = set(
        map(str, Area.objects.filter(region=Region.SOUTHWEST).values_list("pk", flat=True))
    )
    expect(checked).to_have_count(len(southwest))
    assert set(checked.evaluate_all("boxes => boxes.map(b => b.value)")) == southwest
    # The region's counties appear as chosen items, never "All of Southwest" itself.
    items = page.locator(".ts-control .item")
    expect(items).to_have_count(len(southwest))
    expect(items.filter(has_text="All of Southwest")).to_have_count(0)
    choose(page, search, "statewide")
    expect(page.get_by_label("Serves all of Missouri")).to_be_checked()
    # Removing a county with the keyboard unticks its box.
    page.keyboard.press("Backspace")
    expect(page.get_by_label("Serves all of Missouri")).not_to_be_checked()
    page.keyboard.press("Backspace")
    expect(checked).to_have_count(len(southwest) - 1)
    # A failed submit keeps the choice, and the picker shows it again.
    page.locator("#id_organization_name").fill("")
    page.get_by_role("button", name="Send the application").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(checked).to_have_count(len(southwest) - 1)
    expect(page.locator(".ts-control .item")).to_have_count(len(southwest) - 1)
    page.set_viewport_size({"width": 390, "height": 844})
    assert _page_height(page) < 9000


def test_county_picker_works_without_javascript(new_context):
    adopted_version()
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto("/apply/")
    page.locator("summary", has_text="St. Louis metro").click()
    page.get_by_label("Add all of St. Louis metro").check()
    page.locator("summary", has_text="Southwest").click()
    page.get_by_label("Greene County", exact=True).check()
    page.get_by_role("button", name="Send the application").click()
    stl = Area.objects.filter(region=Region.ST_LOUIS).count()
    assert page.locator("input[name=counties]:checked").count() == stl + 1
    context.close()


def test_an_attached_file_is_kept_after_a_failed_submit(page: Page, tmp_path):
    adopted_version()
    pdf = tmp_path / "annual-report.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.goto("/apply/")
    page.get_by_label("Supporting document").set_input_files(str(pdf))
    send_empty(page)
    expect(page.get_by_text("attached: annual-report.pdf")).to_be_visible()
