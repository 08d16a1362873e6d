"""Shared steps of the browser tests: signing in, running axe-core."""

import re
import time
from pathlib import Path

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Signs in through the site's own sign-in form, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_attached()


def sign_in_with_a_code(page: Page, email: str, totp_secret: str) -> None:
    """Signs in with the password, then a code of the authenticator app holding this key: the
    two-factor sign-in staff need to see staff-only data (issue 10, rule 9). Pair it with
    ``settings.MFA_TOTP_TOLERANCE = 1`` so a code typed as the period turns does not flake."""
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor authentication")
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    page.get_by_label("Code").fill(format_hotp_value(hotp_value(totp_secret, counter)))
    page.get_by_role("button", name="Sign in").click()
    # Staff land on the admin (its button says "Log out"), anyone else on the site.
    expect(page.get_by_role("button", name=re.compile("^(Sign|Log) out$"))).to_be_attached()


def axe_violations(page: Page) -> list[dict]:
    """Runs axe-core's WCAG 2.1 A and AA rules on the page (its context must bypass the CSP)."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => ({target: n.target, html: n.html,
                                           summary: n.failureSummary})),
            }));
        }""",
        WCAG_21_A_AA,
    )
    return result


def assert_no_axe_violations(page: Page) -> None:
    violations = axe_violations(page)
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['html'][:200]}")
            lines.append(f"      {node['summary']}".replace("\n", " "))
    assert not violations, f"axe-core on {page.url}:\n" + "\n".join(lines)
