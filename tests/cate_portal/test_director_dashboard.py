"""Issue 12: the director's dashboard on the admin home, the admin grouped by task, the
organization list, the exports and the landing after sign-in."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from cate_portal.accounts import AccountAdapter
from cate_portal.text import format_currency
from partners.models import Organization, Role, Sector, SupportStatus
from partners.models.organizations import name_key
from tests.factories import (
    AgreementFactory,
    ApplicationFactory,
    MembershipFactory,
    OrganizationFactory,
    SupportFactory,
    UserFactory,
    adopted_version,
    area,
)
from tests.leadership.factories import (
    AdmitProposalFactory,
    ProposalFactory,
    TermFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db
INDEX = "/admin/"


def _coalition():
    """A coalition with something in every figure of the dashboard."""
    today = timezone.localdate()
    version = adopted_version(adopted_on=today - datetime.timedelta(days=200))
    signed = OrganizationFactory(name="Signed Partner")
    AgreementFactory(organization=signed, version=version)
    OrganizationFactory(name="Overdue Partner", profile_confirmed_on=None)
    OrganizationFactory(  # joined recently: must sign, not overdue yet
        name="New Partner", joined_on=today - datetime.timedelta(days=5)
    )
    OrganizationFactory(
        name="Stale Partner", profile_confirmed_on=today - datetime.timedelta(days=400)
    )
    OrganizationFactory(name="Gone Partner", status="withdrawn")
    OrganizationFactory(name="Resting Partner", status="inactive")
    ApplicationFactory()
    ApplicationFactory(status="in_review")
    ApplicationFactory(status="declined")
    TermFactory(ended_on=today + datetime.timedelta(days=30))
    TermFactory(ended_on=today + datetime.timedelta(days=80))
    TermFactory(ended_on=today + datetime.timedelta(days=200))
    passed = AdmitProposalFactory()
    for organization in Organization.objects.active():  # quorum met, yes outnumbers no
        VoteFactory(proposal=passed, organization=organization)
    AdmitProposalFactory()  # nobody voted: not passed
    open_proposal = ProposalFactory(title="Adopt the 2026 plan")
    VoteFactory(proposal=open_proposal, organization=signed)
    SupportFactory(
        status=SupportStatus.AWARDED,
        amount=Decimal("75000"),
        started_on=today - datetime.timedelta(days=300),
        ended_on=today + datetime.timedelta(days=45),
    )
    SupportFactory(
        status=SupportStatus.AWARDED,
        started_on=today - datetime.timedelta(days=300),
        ended_on=today + datetime.timedelta(days=300),
    )


def _figures(response):
    panels = response.context["panels"]
    return [figure for section in panels.values() for panel in section for figure in panel.figures]


def test_every_figure_equals_the_count_of_the_list_it_links_to(director_client):
    _coalition()
    response = director_client.get(INDEX)
    assert response.status_code == 200
    figures = _figures(response)
    labels = {figure.label: figure.count for figure in figures}
    # The constructed coalition shows in the figures that say what needs doing.
    assert labels["applications waiting for review"] == 4  # two put to the vote
    assert labels["partners overdue signing the shared values"] == 2  # overdue and stale
    assert labels["profiles not confirmed in 12 months"] == 2
    assert labels["proposals waiting for your confirmation"] == 1
    assert labels["terms ending within 90 days"] == 2
    assert labels["support awards ending within 90 days"] == 1
    assert labels["open decisions"] == 1
    for figure in figures:
        listed = director_client.get(figure.url)
        assert listed.status_code == 200, figure
        assert listed.context["cl"].result_count == figure.count, figure


def test_dashboard_shows_turnout_and_recent_changes_with_who(director_client):
    _coalition()
    text = director_client.get(INDEX).text
    assert "What needs doing first" in text
    assert "Adopt the 2026 plan" in text
    assert "1 of " in text  # one vote cast of the eligible partners
    assert "Recent changes" in text
    assert "the system" in text or "Jordan Hawkins" in text


@pytest.mark.parametrize("count", [10, 2000])
def test_dashboard_runs_a_fixed_number_of_queries(
    director_client, django_assert_max_num_queries, count
):
    _coalition()
    sector = Sector.objects.first()
    Organization.objects.bulk_create(
        Organization(
            name=f"Bulk Partner {n}",
            name_key=name_key(f"Bulk Partner {n}"),
            slug=f"bulk-partner-{n}",
            sector=sector,
        )
        for n in range(count)
    )
    with django_assert_max_num_queries(53):
        assert director_client.get(INDEX).status_code == 200


def test_query_count_does_not_grow_with_organizations(director_client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _coalition()
    director_client.get(INDEX)  # settles the closed proposals
    with CaptureQueriesContext(connection) as small:
        director_client.get(INDEX)
    sector = Sector.objects.first()
    Organization.objects.bulk_create(
        Organization(
            name=f"Bulk Partner {n}",
            name_key=name_key(f"Bulk Partner {n}"),
            slug=f"bulk-partner-{n}",
            sector=sector,
        )
        for n in range(2000)
    )
    with django_assert_num_queries(len(small)):
        director_client.get(INDEX)


def test_non_staff_are_refused(client_as):
    client = client_as(UserFactory())
    response = client.get(INDEX)
    assert response.status_code == 302
    assert "panels" not in (response.context or {})


def test_anonymous_are_sent_to_sign_in(client):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert reverse("account_login") in response.url or "login" in response.url


def test_staff_without_a_second_factor_are_refused(client_as, totp_director):
    response = client_as(totp_director).get(INDEX)
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_reauthenticate"))


def test_staff_land_on_the_admin_partners_on_their_dashboard(director, user):
    request = RequestFactory().get("/")
    request.user = director
    assert AccountAdapter().get_login_redirect_url(request) == reverse("admin:index")
    request.user = user
    assert AccountAdapter().get_login_redirect_url(request) == reverse("portal:dashboard")


def test_staff_sign_in_lands_on_the_admin(client, totp_director, password):
    response = client.post(
        reverse("account_login"), {"login": totp_director.email, "password": password}
    )
    # The second step (the code) comes first; once passed, allauth sends to the redirect URL.
    assert response.status_code == 302
    assert response.url in (reverse("mfa_authenticate"), reverse("admin:index"))


def test_a_link_back_to_the_admin_after_setting_up_an_authenticator(client_as, director):
    text = client_as(director).get(reverse("mfa_index")).text
    assert reverse("admin:index") in text


def test_navigation_is_grouped_by_task_and_hides_what_the_director_never_needs(director_client):
    app_list = director_client.get(INDEX).context["app_list"]
    names = [group["name"] for group in app_list]
    assert names == [
        "Partners",
        "Applications",
        "Shared values",
        "Leadership",
        "Resources",
        "Events",
        "Support",
        "Site content",
        "Accounts",
    ]
    models = {group["name"]: [m["name"] for m in group["models"]] for group in app_list}
    assert models["Partners"] == ["Organizations", "Memberships", "Invitations", "Evaluation"]
    assert "Compliance report" in models["Shared values"]
    shown = [name for group in models.values() for name in group]
    assert "Groups" not in shown
    assert "Email addresses" not in shown


@pytest.mark.parametrize(
    "query",
    ["maria@haven.example", "Maria Lopez", "Columbia", "Boone County"],
)
def test_organizations_are_found_by_a_person_a_city_or_a_county(director_client, query):
    haven = OrganizationFactory(
        name="Haven House",
        street_address="12 Elm St, Columbia, MO 65201",
        counties=[area("Boone County")],
    )
    MembershipFactory(
        organization=haven,
        role=Role.PRIMARY_CONTACT,
        user=UserFactory(email="maria@haven.example", full_name="Maria Lopez"),
    )
    OrganizationFactory(name="Elsewhere Outreach")
    response = director_client.get(reverse("admin:partners_organization_changelist"), {"q": query})
    assert [o.name for o in response.context["cl"].result_list] == ["Haven House"]


def test_organization_list_shows_contact_agreement_and_confirmation(
    director_client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    version = adopted_version(adopted_on=timezone.localdate() - datetime.timedelta(days=200))
    haven = OrganizationFactory(name="Haven House")
    MembershipFactory(
        organization=haven,
        role=Role.PRIMARY_CONTACT,
        user=UserFactory(email="maria@haven.example", full_name="Maria Lopez"),
    )
    AgreementFactory(organization=haven, version=version)
    url = reverse("admin:partners_organization_changelist")
    with CaptureQueriesContext(connection) as small:
        text = director_client.get(url).text
    assert "Maria Lopez &lt;maria@haven.example&gt;" in text
    assert "Signed" in text
    for _ in range(20):
        org = OrganizationFactory()
        MembershipFactory(organization=org, role=Role.PRIMARY_CONTACT)
    with django_assert_num_queries(len(small)):
        director_client.get(url)


def test_send_reminders_now_twice_sends_once(director_client, django_capture_on_commit_callbacks):
    adopted_version(adopted_on=timezone.localdate() - datetime.timedelta(days=200))
    for _ in range(2):
        MembershipFactory(organization=OrganizationFactory(), role=Role.PRIMARY_CONTACT)
    url = reverse("admin:partners_values_send_reminders")
    with django_capture_on_commit_callbacks(execute=True):
        first = director_client.post(url)
    assert first.status_code == 302
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        director_client.post(url)
    assert len(mail.outbox) == 2
    assert "Reminders sent: 0" in director_client.get(first.url).text


def test_send_reminders_needs_the_staff_clearance(client_as, totp_director):
    response = client_as(totp_director).post(reverse("admin:partners_values_send_reminders"))
    assert response.status_code == 302
    assert not mail.outbox


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_people_and_roles_csv_is_neutralized(director_client):
    haven = OrganizationFactory(name="=Haven House")
    MembershipFactory(
        organization=haven,
        role=Role.PRIMARY_CONTACT,
        title="+Director",
        user=UserFactory(email="maria@haven.example", full_name="@Maria"),
    )
    response = director_client.get(reverse("admin:partners_organization_people_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    assert rows[0][:4] == ["Organization", "Organization status", "Person", "E-mail"]
    assert rows[1][:6] == [
        "'=Haven House",
        "Active",
        "'@Maria",
        "maria@haven.example",
        "Primary contact",
        "'+Director",
    ]


def test_directory_csv_lists_active_partners_neutralized(director_client):
    OrganizationFactory(name="-Active Partner")
    OrganizationFactory(name="Gone Partner", status="withdrawn")
    rows = _rows(director_client.get(reverse("admin:partners_organization_directory_csv")))
    names = [row[rows[0].index("name")] for row in rows[1:]]
    assert names == ["'-Active Partner"]


def test_exports_are_refused_without_the_second_factor(client_as, totp_director):
    client = client_as(totp_director)
    for name in ("people_csv", "directory_csv"):
        assert client.get(reverse(f"admin:partners_organization_{name}")).status_code == 302


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("75000"), "$75,000"),
        (Decimal("1234.5"), "$1,234.50"),
        (Decimal("0"), "$0"),
        (Decimal("-20"), "-$20"),
        (None, ""),
    ],
)
def test_amounts_are_written_as_currency(amount, shown):
    assert format_currency(amount) == shown


def test_support_list_shows_amounts_as_currency(director_client):
    SupportFactory(amount=Decimal("75000"))
    text = director_client.get(reverse("admin:partners_support_changelist")).text
    assert "$75,000" in text
