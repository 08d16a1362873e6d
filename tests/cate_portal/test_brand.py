"""The brand (issue 16): colours set once in static/css/brand.css, with WCAG AA contrast, and no
Bootstrap blue left on any button, link, focus ring or component; the logo and favicon on every
public page."""

import re
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
BRAND_CSS = BASE_DIR / "static" / "css" / "brand.css"
SITE_CSS = BASE_DIR / "static" / "css" / "site.css"
BOOTSTRAP_CSS = BASE_DIR / "node_modules" / "bootstrap" / "dist" / "css" / "bootstrap.css"

# Bootstrap 5.3's default blue and the shades it derives from it, as written in its CSS.
BOOTSTRAP_BLUES = (
    "0d6efd",
    "13, 110, 253",
    "86b7fe",
    "0a58ca",
    "0b5ed7",
    "0a53be",
    "49, 132, 253",
    "cfe2ff",
    "9ec5fe",
    "052c65",
    "b6d4fe",
    "10, 88, 202",
)

# (foreground, background, minimum ratio): every pair the pages draw. 4.5 for text (WCAG 1.4.3),
# 3 for focus rings and control borders against what surrounds them (WCAG 1.4.11).
PAIRS = [
    ("--cate-ink", "--cate-white", 4.5),
    ("--cate-ink", "--cate-purple-tint", 4.5),
    ("--cate-muted", "--cate-white", 4.5),
    ("--cate-muted", "--cate-purple-tint", 4.5),
    ("--cate-purple", "--cate-white", 4.5),  # links, outline buttons, figures
    ("--cate-purple", "--cate-purple-tint", 4.5),  # links on tinted sections
    ("--cate-purple-dark", "--cate-white", 4.5),  # headings, hovered links
    ("--cate-purple-dark", "--cate-purple-tint", 4.5),
    ("--cate-white", "--cate-purple", 4.5),  # primary buttons, active pagination
    ("--cate-white", "--cate-purple-dark", 4.5),  # hovered buttons
    ("--cate-white", "--cate-purple-deep", 4.5),  # the footer
    ("--cate-gold", "--cate-purple-deep", 4.5),  # hovered footer links
    ("--cate-purple-dark", "--cate-white", 3),  # the focus ring on light backgrounds
    ("--cate-gold", "--cate-purple-deep", 3),  # the focus ring on the footer
    ("--cate-purple", "--cate-white", 3),  # form controls' focus border
]


def palette() -> dict[str, str]:
    """The --cate-* colours of brand.css's first :root block, as #rrggbb."""
    css = BRAND_CSS.read_text()
    block = re.search(r":root\s*\{(.*?)\}", css, flags=re.S).group(1)
    return {
        name: value.lower()
        for name, value in re.findall(r"(--cate-[\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", block)
    }


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of a #rrggbb colour."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(one: str, other: str) -> float:
    lighter, darker = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def rules(css: str) -> dict[str, dict[str, str]]:
    """Each single selector of a stylesheet (outside @media) -> its declarations."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"@(charset|import)[^;{]*;", "", css)
    found: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}@]+)\{([^{}]*)\}", css):
        declarations = {}
        for declaration in body.split(";"):
            if ":" in declaration and not declaration.strip().startswith("url"):
                name, _, value = declaration.partition(":")
                declarations[name.strip()] = value.strip()
        for selector in selectors.split(","):
            selector = " ".join(selector.split())
            found.setdefault(selector, {}).update(declarations)
    return found


def test_contrast_ratio_matches_wcag_reference_values():
    # The formula this file relies on, checked on known values.
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(("foreground", "background", "minimum"), PAIRS)
def test_brand_colour_pairs_meet_wcag_aa_contrast(foreground, background, minimum):
    colours = palette()

    ratio = contrast_ratio(colours[foreground], colours[background])

    assert ratio >= minimum, f"{foreground} on {background}: {ratio:.2f}:1 < {minimum}:1"


def test_rgb_triplets_repeat_their_brand_colour():
    """Bootstrap's -rgb properties need numbers: each must be its colour's hex value."""
    colours = palette()
    declared = rules(BRAND_CSS.read_text())
    root = declared[":root"]

    def triplet(hex_colour: str) -> str:
        return ", ".join(str(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5))

    assert root["--bs-primary-rgb"] == triplet(colours["--cate-purple"])
    assert root["--bs-link-color-rgb"] == triplet(colours["--cate-purple"])
    assert root["--bs-link-hover-color-rgb"] == triplet(colours["--cate-purple-dark"])
    assert root["--bs-body-color-rgb"] == triplet(colours["--cate-ink"])
    assert root["--bs-focus-ring-color"].startswith(f"rgba({triplet(colours['--cate-purple'])},")
    for selector in (".btn-primary", ".btn-outline-primary", ".btn-link"):
        assert declared[selector]["--bs-btn-focus-shadow-rgb"] == triplet(colours["--cate-purple"])


def test_every_bootstrap_declaration_in_its_blue_is_overridden_by_the_brand():
    """Each (selector, property) Bootstrap writes with its default blue has a declaration of
    the same property for the same selector in brand.css: no button, link, focus ring,
    pagination, form control, pill, alert or badge keeps the blue."""
    bootstrap = rules(BOOTSTRAP_CSS.read_text())
    brand = rules(BRAND_CSS.read_text())
    missing = []
    for selector, declarations in bootstrap.items():
        if "data-bs-theme=dark" in selector:
            continue  # the site has no dark theme
        for name, value in declarations.items():
            if name in ("--bs-blue", "-webkit-text-decoration-color"):
                continue  # the named palette colour, unused; the prefixed twin of one we set
            is_blue = any(blue in value.lower() for blue in BOOTSTRAP_BLUES)
            if is_blue and name not in brand.get(selector, {}):
                missing.append(f"{selector} {{ {name} }}")
    assert not missing, "Bootstrap's blue is left in:\n" + "\n".join(missing)


@pytest.mark.parametrize("path", [BRAND_CSS, SITE_CSS], ids=lambda p: p.name)
def test_our_stylesheets_write_no_bootstrap_blue(path):
    css = path.read_text().lower()

    assert not [blue for blue in BOOTSTRAP_BLUES if blue in css]


def test_site_css_takes_its_brand_colours_from_brand_css():
    """Colours are set once: site.css writes no purple or gold of its own."""
    colours = set(palette().values()) - {"#ffffff"}
    css = SITE_CSS.read_text().lower()

    assert not [colour for colour in colours if colour in css]
    assert "var(--cate-purple" in css


def test_favicon_files_exist_and_the_svg_uses_the_brand_purple():
    img = BASE_DIR / "static" / "img"
    for name in ("favicon.svg", "favicon.ico", "favicon-32.png", "apple-touch-icon.png"):
        assert (img / name).stat().st_size > 0, name
    assert palette()["--cate-purple"] in (img / "favicon.svg").read_text().lower()


PUBLIC_PAGES = (
    *("/", "/about/", "/contact/", "/safety/", "/partners/", "/coverage/", "/apply/"),
    *("/values/", "/leadership/", "/accounts/login/", "/no-such-page/"),
)


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_public_page_shows_the_logo_with_an_accessible_name_and_the_favicons(client, url):
    html = client.get(url).content.decode()

    logo = re.search(r'<svg class="cate-logo"[^>]*>.*?</svg>', html, flags=re.S)
    assert logo, url
    assert 'role="img"' in logo.group(0)
    labelled_by = re.search(r'aria-labelledby="([^"]+)"', logo.group(0)).group(1)
    title = re.search(rf'<title id="{labelled_by}">([^<]+)</title>', logo.group(0))
    assert title and "Coalition Against Trafficking and Exploitation" in title.group(1)
    # The logo is the link home.
    assert re.search(r'<a class="navbar-brand[^"]*" href="/">\s*<svg class="cate-logo"', html)
    assert 'rel="icon" href="/static/img/favicon.svg" type="image/svg+xml"' in html
    assert 'href="/static/img/favicon.ico"' in html
    assert "/static/css/brand.css" in html
    assert html.index("bootstrap.min.css") < html.index("brand.css") < html.index("site.css")


def test_admin_colours_are_the_brand_palette():
    """The admin names its colours again (it loads no Bootstrap): only the brand's, and no
    Bootstrap or Django blue."""
    css = (BASE_DIR / "static" / "css" / "admin_brand.css").read_text().lower()
    colours = set(re.findall(r"#[0-9a-f]{6}\b", css))

    assert colours <= set(palette().values())
    assert "#417690" not in css and "#79aec8" not in css


@pytest.mark.django_db
def test_admin_pages_load_the_brand(director_client):
    html = director_client.get("/admin/").content.decode()

    assert "/static/css/admin_brand.css" in html
