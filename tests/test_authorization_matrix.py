"""Who gets what from every URL of the site: the authorization matrix of issue 7.

``MATRIX`` lists every named URL pattern of the URLconf with the outcome of a GET for each kind
of viewer. A URL added to the site without a row here fails
``test_every_url_of_the_urlconf_has_a_row_in_the_matrix``: deciding who may reach a new page is
part of adding it. The Django admin is one group: a representative set of its pages is in the
matrix, and every other admin pattern must live under /admin/, which only the director reaches.

Viewers: the public (anonymous), a staff member of organization A, A's primary contact, the
primary contact of another organization B, and the Coalition Director (staff and superuser,
with an authenticator app as the admin requires of staff), signed in with two-factor
authentication, and the same director in a session that passed no second factor (issue 10,
rule 9: such a session is what the account otherwise is, here someone of no organization, and
the admin asks it for a code first). Every organization page uses A's slug, so for B's person
and the director (who is no member of A) the portal answers 404.

Outcomes: an HTTP status, ``LOGIN`` (302 to the site's sign-in, coming back to this page),
``ADMIN_LOGIN`` (302 to the admin's sign-in, which hands over to the site's), ``SECOND_FACTOR``
(302 to the code of the authenticator app, coming back to this page), or ``redirect_to(path)``
for any other redirect.

POST-only endpoints answer 405 to a GET from whoever may use them; ``REFUSED_POSTS`` then checks
that a POST from each viewer who may not is refused and changes nothing, and
``test_an_allowed_post_changes_state`` proves that the same POST, by someone entitled, would.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from leadership.decisions.documents import attach_proposal_document
from leadership.events import services as event_services
from leadership.models import (
    CalendarFeed,
    Delegation,
    Event,
    Resource,
    ResourceVisibility,
    Rsvp,
    Vote,
)
from partners.models import Agreement, Invitation, Membership, Organization, Role
from partners.people import services
from tests.conftest import sign_in_with_second_factor
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    adopted_version,
    give_status_token,
)
from tests.leadership.events.test_services import MINIMAL_PDF
from tests.leadership.factories import EventFactory, ProposalFactory, ResourceFactory, SeatFactory
from tests.sample_files import PDF

# --- Outcomes ------------------------------------------------------------------------------------

OK, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 403, 404, 405
LOGIN = "sign-in"  # 302 to /accounts/login/?next=<the page asked for>
ADMIN_LOGIN = "admin sign-in"  # 302 to /admin/login/?next=<the page asked for>
SECOND_FACTOR = "second factor"  # 302 to /accounts/2fa/reauthenticate/?next=<the page asked for>

SIGN_IN_PATH = "/accounts/login/"
REAUTHENTICATE_PATH = "/accounts/reauthenticate/"
ADMIN_SIGN_IN_PATH = "/admin/login/"
SECOND_FACTOR_PATH = "/accounts/2fa/reauthenticate/"


def redirect_to(path: str) -> str:
    """Any other redirect, to this path (the query string is not compared)."""
    return f"redirect to {path}"


def outcome(response, path: str) -> int | str:
    if response.status_code in (301, 302, 303, 307, 308):
        location = urlsplit(response["Location"])
        comes_back = parse_qs(location.query).get("next") == [path]
        if location.path == SIGN_IN_PATH and comes_back:
            return LOGIN
        if location.path == ADMIN_SIGN_IN_PATH and comes_back:
            return ADMIN_LOGIN
        if location.path == SECOND_FACTOR_PATH and comes_back:
            return SECOND_FACTOR
        return redirect_to(location.path)
    return response.status_code


# --- Viewers -------------------------------------------------------------------------------------

ANONYMOUS, STAFF_A, PRIMARY_A, PERSON_B, DIRECTOR_NO_2FA, DIRECTOR = (
    "anonymous",
    "staff_of_a",
    "primary_contact_of_a",
    "person_of_b",
    "director_without_2fa",
    "director",
)
VIEWERS = (ANONYMOUS, STAFF_A, PRIMARY_A, PERSON_B, DIRECTOR_NO_2FA, DIRECTOR)


def expect(
    *,
    anonymous,
    staff_of_a,
    primary_contact_of_a,
    person_of_b,
    director,
    director_without_2fa=None,
) -> dict:
    """One row's answers. The director without a second factor gets the director's answer
    unless the row says otherwise (it does wherever staff rights matter)."""
    return {
        ANONYMOUS: anonymous,
        STAFF_A: staff_of_a,
        PRIMARY_A: primary_contact_of_a,
        PERSON_B: person_of_b,
        DIRECTOR_NO_2FA: director if director_without_2fa is None else director_without_2fa,
        DIRECTOR: director,
    }


def everyone(result) -> dict:
    return dict.fromkeys(VIEWERS, result)


def signed_in_landing() -> dict:
    """Where a signed-in person is sent from the sign-in pages: staff to the admin home (the
    director's dashboard, issue 12), everyone else to the partner dashboard."""
    return {
        **everyone(redirect_to("/portal/")),
        DIRECTOR: redirect_to("/admin/"),
        DIRECTOR_NO_2FA: redirect_to("/admin/"),
    }


def signed_in(result) -> dict:
    """Sign-in first; then the same answer for every signed-in viewer."""
    return {**everyone(result), ANONYMOUS: LOGIN}


# Pages of organization A that only its managers use; anyone else signed in is no member (404)
# or a member without a manager role (403).
A_MANAGERS_PAGE = expect(
    anonymous=LOGIN,
    staff_of_a=FORBIDDEN,
    primary_contact_of_a=OK,
    person_of_b=NOT_FOUND,
    director=NOT_FOUND,
)
# The same for a POST-only action: its manager's GET is answered 405.
A_MANAGERS_ACTION = {**A_MANAGERS_PAGE, PRIMARY_A: NOT_ALLOWED}
ADMIN_PAGE = {**everyone(ADMIN_LOGIN), DIRECTOR_NO_2FA: SECOND_FACTOR, DIRECTOR: OK}
# Decisions are for partners and staff; staff without a second factor are neither here.
DECISIONS_PAGE = {**signed_in(OK), DIRECTOR_NO_2FA: FORBIDDEN}
# A partners-only resource: the public signs in first; a signed-in person who may not see it
# (staff without a second factor, here of no organization) is not told it exists.
PARTNERS_RESOURCE = {**signed_in(OK), DIRECTOR_NO_2FA: NOT_FOUND}
# A partners' event: an event one may not see is not there (404), like one that does not exist.
PARTNERS_EVENT_PAGE = {**everyone(OK), ANONYMOUS: NOT_FOUND, DIRECTOR_NO_2FA: NOT_FOUND}
# Events are proposed by a primary contact or executive leader of an active partner.
PROPOSE_EVENT_PAGE = {
    **everyone(FORBIDDEN),
    ANONYMOUS: LOGIN,
    PRIMARY_A: OK,
    PERSON_B: OK,
}


# --- The world every viewer looks at -------------------------------------------------------------


@pytest.fixture
def world(db) -> SimpleNamespace:
    org_a = OrganizationFactory(
        name="Safe Harbor Alliance",
        # Confirmed long ago, so confirming the profile is a visible change.
        profile_confirmed_on=timezone.localdate() - datetime.timedelta(days=500),
    )
    org_b = OrganizationFactory(name="Riverbend Outreach")
    primary_a = MembershipFactory(organization=org_a, role=Role.PRIMARY_CONTACT).user
    staff_a = MembershipFactory(organization=org_a, role=Role.STAFF).user
    leader_a = MembershipFactory(organization=org_a, role=Role.EXECUTIVE_LEADER).user
    colleague = MembershipFactory(organization=org_a, role=Role.STAFF)
    # Ended today by A's primary contact: the ending can still be undone.
    ended_colleague = services.end_membership(
        membership=MembershipFactory(organization=org_a, role=Role.STAFF), acting_user=primary_a
    )
    person_b = MembershipFactory(organization=org_b, role=Role.PRIMARY_CONTACT).user
    director = UserFactory(is_staff=True, is_superuser=True, full_name="Jordan Hawkins")
    TOTP.activate(director, generate_totp_secret())

    invitation = services.invite_person(
        organization=org_a,
        acting_user=primary_a,
        email="newcomer@example.org",
        full_name="Nia Newcomer",
        role=Role.STAFF,
    )
    application = ApplicationFactory(organization_name="Northland Survivor Network")
    earlier_values = adopted_version(adopted_on=datetime.date(2020, 1, 1), label="2020 values")
    current_values = adopted_version(label="Current values")
    proposal = ProposalFactory(created_by=director)
    proposal_document = attach_proposal_document(
        proposal=proposal,
        title="Plan",
        upload=ContentFile(PDF, name="plan.pdf"),
        acting_user=None,
    )
    seat = SeatFactory(title="Chair")
    # A partners-only file: its page and download are for partners and the director.
    resource = ResourceFactory(visibility=ResourceVisibility.PARTNERS, with_file=True)

    # A partners' meeting with minutes, and A's primary contact's private calendar feed.
    event = EventFactory(title="Partners' meeting")
    event_services.set_minutes(
        event=event, pdf=SimpleUploadedFile("minutes.pdf", MINIMAL_PDF), acting_user=None
    )
    feed_token = event_services.calendar_feed_for(user=primary_a).token

    unverified = UserFactory(verified=False)
    address = EmailAddress.objects.create(
        user=unverified, email=unverified.email, verified=False, primary=True
    )
    return SimpleNamespace(
        org_a=org_a,
        org_b=org_b,
        users={
            ANONYMOUS: None,
            STAFF_A: staff_a,
            PRIMARY_A: primary_a,
            PERSON_B: person_b,
            DIRECTOR_NO_2FA: director,
            DIRECTOR: director,
        },
        leader_a=leader_a,
        colleague=colleague,
        ended_colleague=ended_colleague,
        invitation=invitation,
        invitation_token=invitation.token,
        application=application,
        status_token=give_status_token(application),
        earlier_values=earlier_values,
        current_values=current_values,
        proposal=proposal,
        seat=seat,
        resource=resource,
        proposal_document=proposal_document,
        event=event,
        feed_token=feed_token,
        email_confirmation_key=EmailConfirmationHMAC(address).key,
        password_reset=(
            user_pk_to_url_str(unverified),
            default_token_generator.make_token(unverified),
        ),
    )


def resolve(expected: int | str, world: SimpleNamespace) -> int | str:
    """Fills in the world's identifiers where an expected redirect names them."""
    if isinstance(expected, str):
        return expected.format(uidb36=world.password_reset[0], proposal=world.proposal.pk)
    return expected


def client_for(user, *, second_factor: bool = False) -> Client:
    client = Client()
    if user is not None and second_factor:
        sign_in_with_second_factor(client, user)
    elif user is not None:
        client.force_login(user)
    return client


def client_of(world: SimpleNamespace, viewer: str) -> Client:
    """The viewer's client: the director signs in with two-factor authentication, as the site
    asks of staff; the director without it only with force_login."""
    return client_for(world.users[viewer], second_factor=viewer == DIRECTOR)


# --- The matrix ----------------------------------------------------------------------------------

Kwargs = Callable[[SimpleNamespace], dict]


def no_kwargs(world) -> dict:
    return {}


def slug_a(world) -> dict:
    return {"slug": world.org_a.slug}


def colleague_of_a(world) -> dict:
    return {"slug": world.org_a.slug, "pk": world.colleague.pk}


def ended_colleague_of_a(world) -> dict:
    return {"slug": world.org_a.slug, "pk": world.ended_colleague.pk}


def invitation_of_a(world) -> dict:
    return {"slug": world.org_a.slug, "pk": world.invitation.pk}


def admin_object(attribute: str) -> Kwargs:
    return lambda world: {"object_id": getattr(world, attribute).pk}


@dataclass(frozen=True)
class Row:
    kwargs: Kwargs
    expected: dict


MATRIX: dict[str, Row] = {
    # Public pages.
    "home": Row(no_kwargs, everyone(OK)),
    "about": Row(no_kwargs, everyone(OK)),
    "contact": Row(no_kwargs, everyone(OK)),
    "safety": Row(no_kwargs, everyone(OK)),
    "healthz": Row(no_kwargs, everyone(OK)),
    # The language switcher: remembers the choice and goes to the home page in that language.
    "switch-language": Row(lambda world: {"language": "es"}, everyone(redirect_to("/es/"))),
    "partners:directory": Row(no_kwargs, everyone(OK)),
    "partners:coverage": Row(no_kwargs, everyone(OK)),
    "partners:detail": Row(slug_a, everyone(OK)),
    # A has no logo: nothing to serve, to anyone (a logo of an active partner is served to
    # everyone, an inactive one's to no one: tests/partners/organizations/test_logos.py).
    "partners:logo": Row(slug_a, everyone(404)),
    "values:current": Row(no_kwargs, everyone(OK)),
    "values:version": Row(lambda w: {"slug": w.earlier_values.slug}, everyone(OK)),
    "applications:apply": Row(no_kwargs, everyone(OK)),
    # The thank-you page is for whoever has just applied in the session: anyone else goes to
    # the form (issue 14).
    "applications:sent": Row(no_kwargs, everyone(redirect_to("/apply/"))),
    # The private status link is the applicant's capability: whoever holds it sees the page.
    "applications:status": Row(lambda w: {"token": w.status_token}, everyone(OK)),
    "leadership:roster": Row(no_kwargs, everyone(OK)),
    # The partner portal.
    "portal:dashboard": Row(no_kwargs, signed_in(OK)),
    "values:agreement": Row(no_kwargs, signed_in(OK)),
    "portal:profile": Row(slug_a, A_MANAGERS_PAGE),
    "portal:confirm-profile": Row(slug_a, A_MANAGERS_ACTION),
    "portal:people": Row(
        slug_a,
        expect(
            anonymous=LOGIN,
            staff_of_a=OK,  # every member reads the people; only managers change them
            primary_contact_of_a=OK,
            person_of_b=NOT_FOUND,
            director=NOT_FOUND,
        ),
    ),
    "portal:change-role": Row(colleague_of_a, A_MANAGERS_ACTION),
    # A page that asks to confirm (GET), then ends the membership (POST).
    "portal:end-membership": Row(colleague_of_a, A_MANAGERS_PAGE),
    # Undoing an ending the same day: POST only, for members of A; the service lets only a
    # primary contact do it.
    "portal:restore-membership": Row(
        ended_colleague_of_a,
        expect(
            anonymous=LOGIN,
            staff_of_a=NOT_ALLOWED,
            primary_contact_of_a=NOT_ALLOWED,
            person_of_b=NOT_FOUND,
            director=NOT_FOUND,
        ),
    ),
    "portal:resend-invitation": Row(invitation_of_a, A_MANAGERS_ACTION),
    "portal:revoke-invitation": Row(invitation_of_a, A_MANAGERS_ACTION),
    # The invitation is for a newcomer without an account: anyone signed in is the wrong person.
    "portal:accept-invitation": Row(
        lambda w: {"token": w.invitation_token}, {**everyone(FORBIDDEN), ANONYMOUS: OK}
    ),
    # Leadership: decisions are for partners and the director.
    "leadership:decision-list": Row(no_kwargs, DECISIONS_PAGE),
    "leadership:decision-detail": Row(lambda w: {"pk": w.proposal.pk}, DECISIONS_PAGE),
    "leadership:decision-document": Row(
        lambda w: {"pk": w.proposal.pk, "document_pk": w.proposal_document.pk}, DECISIONS_PAGE
    ),
    "leadership:vote": Row(
        lambda w: {"pk": w.proposal.pk, "slug": w.org_a.slug},
        {**signed_in(NOT_ALLOWED), DIRECTOR_NO_2FA: FORBIDDEN},
    ),
    # Only the executive leader names the delegate; the director is no member of A.
    "leadership:delegate": Row(
        slug_a,
        expect(
            anonymous=LOGIN,
            staff_of_a=FORBIDDEN,
            primary_contact_of_a=FORBIDDEN,
            person_of_b=NOT_FOUND,
            director=NOT_FOUND,
        ),
    ),
    # Resources: the list is public (each viewer sees what they may); a partners-only file and
    # its page are refused to the public even at their exact address.
    "leadership:resource-list": Row(no_kwargs, everyone(OK)),
    "leadership:resource-detail": Row(lambda w: {"pk": w.resource.pk}, PARTNERS_RESOURCE),
    "leadership:resource-download": Row(lambda w: {"pk": w.resource.pk}, PARTNERS_RESOURCE),
    "leadership:resource-contribute": Row(slug_a, A_MANAGERS_PAGE),
    # Events: lists and the month are everyone's, each showing what the viewer may see.
    "events:list": Row(no_kwargs, everyone(OK)),
    "events:month": Row(lambda w: {"year": 2031, "month": 5}, everyone(OK)),
    "events:past": Row(no_kwargs, everyone(OK)),
    "events:detail": Row(lambda w: {"pk": w.event.pk}, PARTNERS_EVENT_PAGE),
    "events:answer": Row(lambda w: {"pk": w.event.pk}, signed_in(NOT_ALLOWED)),
    "events:minutes-pdf": Row(lambda w: {"pk": w.event.pk}, PARTNERS_EVENT_PAGE),
    "events:propose": Row(no_kwargs, PROPOSE_EVENT_PAGE),
    "events:public-feed": Row(no_kwargs, everyone(OK)),
    # The private feed's token is its person's capability: whoever holds it reads the feed.
    "events:private-feed": Row(lambda w: {"token": w.feed_token}, everyone(OK)),
    "events:calendar-feed": Row(no_kwargs, signed_in(OK)),
    "events:reset-calendar-feed": Row(no_kwargs, signed_in(NOT_ALLOWED)),
    # allauth: accounts and sign-in.
    "account_login": Row(no_kwargs, {**signed_in_landing(), ANONYMOUS: OK}),
    "account_logout": Row(no_kwargs, {**everyone(OK), ANONYMOUS: redirect_to("/")}),
    "account_inactive": Row(no_kwargs, everyone(OK)),
    # Sign-up is closed: accounts come from invitations or from the director.
    "account_signup": Row(no_kwargs, {**signed_in_landing(), ANONYMOUS: OK}),
    "account_reauthenticate": Row(no_kwargs, signed_in(OK)),
    # Re-authentication by e-mailed code is not enabled.
    "account_request_reauthentication_code": Row(no_kwargs, signed_in(FORBIDDEN)),
    "account_confirm_reauthentication_code": Row(no_kwargs, signed_in(FORBIDDEN)),
    # Without a sign-in in progress there is no code to confirm.
    "account_confirm_login_code": Row(
        no_kwargs, {**signed_in_landing(), ANONYMOUS: redirect_to(SIGN_IN_PATH)}
    ),
    "account_email": Row(no_kwargs, signed_in(OK)),
    "account_email_verification_sent": Row(no_kwargs, everyone(OK)),
    "account_change_password": Row(no_kwargs, signed_in(OK)),
    "account_set_password": Row(
        no_kwargs, {**everyone(redirect_to("/accounts/password/change/")), ANONYMOUS: LOGIN}
    ),
    "account_reset_password": Row(no_kwargs, everyone(OK)),
    "account_reset_password_done": Row(no_kwargs, everyone(OK)),
    "account_reset_password_from_key": Row(
        lambda w: {"uidb36": w.password_reset[0], "key": w.password_reset[1]},
        # allauth moves the key out of the address into the session first.
        everyone(redirect_to("/accounts/password/reset/key/{uidb36}-set-password/")),
    ),
    "account_reset_password_from_key_done": Row(no_kwargs, everyone(OK)),
    "account_confirm_email": Row(lambda w: {"key": w.email_confirmation_key}, everyone(OK)),
    # allauth: two-factor authentication (the director has an authenticator app, nobody else).
    "mfa_index": Row(no_kwargs, signed_in(OK)),
    # The code step of a sign-in in progress: without one, back to sign-in or to the portal.
    "mfa_authenticate": Row(
        no_kwargs, {**signed_in_landing(), ANONYMOUS: redirect_to(SIGN_IN_PATH)}
    ),
    "mfa_reauthenticate": Row(
        no_kwargs,
        {**signed_in(redirect_to(REAUTHENTICATE_PATH)), DIRECTOR_NO_2FA: OK, DIRECTOR: OK},
    ),
    # Changing two-factor settings asks for the password again (force_login signed in nobody
    # "recently"): that is the redirect, for the director too.
    "mfa_activate_totp": Row(no_kwargs, signed_in(redirect_to(REAUTHENTICATE_PATH))),
    "mfa_deactivate_totp": Row(
        no_kwargs,
        {
            **signed_in(NOT_FOUND),
            DIRECTOR_NO_2FA: redirect_to(REAUTHENTICATE_PATH),
            DIRECTOR: redirect_to(REAUTHENTICATE_PATH),
        },
    ),
    "mfa_view_recovery_codes": Row(no_kwargs, signed_in(NOT_FOUND)),
    "mfa_generate_recovery_codes": Row(no_kwargs, signed_in(redirect_to(REAUTHENTICATE_PATH))),
    "mfa_download_recovery_codes": Row(no_kwargs, signed_in(NOT_FOUND)),
    # The Django admin (a representative set; see ADMIN_NAMESPACE below).
    "admin:index": Row(no_kwargs, ADMIN_PAGE),
    "admin:login": Row(
        no_kwargs,
        expect(
            anonymous=LOGIN,  # allauth's sign-in, with its rate limits and two-factor step
            staff_of_a=FORBIDDEN,
            primary_contact_of_a=FORBIDDEN,
            person_of_b=FORBIDDEN,
            director=redirect_to("/admin/"),
            director_without_2fa=SECOND_FACTOR,
        ),
    ),
    # Django's admin sends anyone without access back to its index; the director must POST
    # (signing out needs no second factor).
    "admin:logout": Row(
        no_kwargs,
        {**everyone(redirect_to("/admin/")), DIRECTOR_NO_2FA: NOT_ALLOWED, DIRECTOR: NOT_ALLOWED},
    ),
    "admin:partners_organization_changelist": Row(no_kwargs, ADMIN_PAGE),
    "admin:partners_organization_change": Row(admin_object("org_a"), ADMIN_PAGE),
    "admin:partners_application_changelist": Row(no_kwargs, ADMIN_PAGE),
    "admin:partners_application_change": Row(admin_object("application"), ADMIN_PAGE),
    "admin:partners_valuesversion_changelist": Row(no_kwargs, ADMIN_PAGE),
    "admin:partners_valuesversion_change": Row(admin_object("current_values"), ADMIN_PAGE),
    "admin:leadership_seat_changelist": Row(no_kwargs, ADMIN_PAGE),
    "admin:leadership_seat_change": Row(admin_object("seat"), ADMIN_PAGE),
    "admin:leadership_event_changelist": Row(no_kwargs, ADMIN_PAGE),
    "admin:leadership_event_change": Row(admin_object("event"), ADMIN_PAGE),
    "admin:leadership_event_attendance": Row(no_kwargs, ADMIN_PAGE),
}

ADMIN_NAMESPACE = "admin"
ADMIN_PREFIX = "admin/"


# --- Enumerating the URLconf ---------------------------------------------------------------------


def walk(patterns, prefix: str = "", namespace: str | None = None):
    """Yields (route, namespaced name or None) for every URL pattern, however deeply included."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            assert isinstance(pattern, URLPattern)
            name = pattern.name
            if name and namespace:
                name = f"{namespace}:{name}"
            yield prefix + str(pattern.pattern), name


def site_patterns() -> list[tuple[str, str | None]]:
    return list(walk(get_resolver().url_patterns))


def is_admin(route: str, name: str | None) -> bool:
    return (name or "").startswith(f"{ADMIN_NAMESPACE}:") or route.startswith(ADMIN_PREFIX)


def test_every_url_of_the_urlconf_has_a_row_in_the_matrix():
    patterns = site_patterns()
    unnamed = [route for route, name in patterns if name is None and not is_admin(route, name)]
    assert not unnamed, f"Name these URL patterns and give them a row in MATRIX: {unnamed}"

    outside_admin = {name for route, name in patterns if not is_admin(route, name)}
    matrix_outside_admin = {name for name in MATRIX if not name.startswith("admin:")}
    assert sorted(outside_admin - matrix_outside_admin) == [], "URLs without a row in MATRIX"
    assert sorted(matrix_outside_admin - outside_admin) == [], "rows for URLs that are gone"


def test_the_admin_group_is_whole_and_its_sample_exists():
    patterns = site_patterns()
    admin_names = {name for route, name in patterns if name and name.startswith("admin:")}
    # Every admin pattern, named or not, lives under /admin/, where only the director gets in.
    assert all(route.startswith(ADMIN_PREFIX) for route, name in patterns if is_admin(route, name))
    sample = {name for name in MATRIX if name.startswith("admin:")}
    assert sample <= admin_names
    assert len(admin_names) > len(sample)  # a sample, not all of it


def test_every_row_names_each_viewer_once():
    for name, row in MATRIX.items():
        assert set(row.expected) == set(VIEWERS), name


# --- GET: every URL, every viewer ----------------------------------------------------------------


@pytest.mark.parametrize("viewer", VIEWERS)
def test_every_url_answers_each_viewer_as_the_matrix_says(world, viewer):
    wrong = []
    for name, row in MATRIX.items():
        path = reverse(name, kwargs=row.kwargs(world))
        actual = outcome(client_of(world, viewer).get(path), path)
        expected = resolve(row.expected[viewer], world)
        if actual != expected:
            wrong.append(f"{name} ({path}): expected {expected!r}, got {actual!r}")
    assert not wrong, f"As {viewer}:\n" + "\n".join(wrong)


# --- POST: refused for those not entitled, and nothing changes -----------------------------------


def fingerprint() -> dict:
    """Every row that a portal or leadership POST could change."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (
            Resource,
            Organization,
            Membership,
            Invitation,
            Agreement,
            Vote,
            Delegation,
            Event,
            Rsvp,
            CalendarFeed,
        )
    }


def invite_data(world) -> dict:
    return {"email": "someone.new@example.org", "full_name": "Sam New", "role": Role.STAFF}


def role_data(world) -> dict:
    return {"role": Role.EXECUTIVE_LEADER}


def vote_data(world) -> dict:
    return {f"org{world.org_a.pk}-choice": "yes", f"org{world.org_a.pk}-comment": ""}


def delegate_data(world) -> dict:
    return {"user": world.colleague.user_id}


def profile_data(world) -> dict:
    return {"name": "Taken Over", "description": "Changed by someone not entitled."}


def agreement_data(world) -> dict:
    return {
        "organization": world.org_a.pk,
        "version": world.current_values.pk,
        "signer_name": "Not Entitled",
        "signer_title": "Nobody",
        "attested": "on",
    }


def contribution_data(world) -> dict:
    return {
        "title": "Toolkit",
        "visibility": ResourceVisibility.PUBLIC,
        "link": "https://example.org/toolkit",
    }


def accept_data(world) -> dict:
    password = "a long and unusual passphrase 42"
    return {"full_name": "Nia Newcomer", "password1": password, "password2": password}


def empty(world) -> dict:
    return {}


def going_data(world) -> dict:
    return {"answer": "going"}


def propose_data(world) -> dict:
    return {
        "organization": world.org_a.pk,
        "title": "Open house",
        "kind": "community_event",
        "starts_at": "2031-05-06T10:00",
        "ends_at": "2031-05-06T12:00",
        "visibility": "public",
    }


@dataclass(frozen=True)
class PostRow:
    kwargs: Kwargs
    data: Callable[[SimpleNamespace], dict]
    refused: dict  # viewer -> outcome, for each viewer not entitled to this POST


A_MANAGERS_REFUSED = {
    ANONYMOUS: LOGIN,
    STAFF_A: FORBIDDEN,
    PERSON_B: NOT_FOUND,
    DIRECTOR_NO_2FA: NOT_FOUND,
    DIRECTOR: NOT_FOUND,
}


def admin_profile_data(world) -> dict:
    return {"name": "Taken Over", "street_address_visibility": "public"}


REFUSED_POSTS: dict[str, PostRow] = {
    "portal:confirm-profile": PostRow(slug_a, empty, A_MANAGERS_REFUSED),
    "portal:change-role": PostRow(colleague_of_a, role_data, A_MANAGERS_REFUSED),
    "portal:end-membership": PostRow(colleague_of_a, empty, A_MANAGERS_REFUSED),
    "portal:restore-membership": PostRow(ended_colleague_of_a, empty, A_MANAGERS_REFUSED),
    "portal:resend-invitation": PostRow(invitation_of_a, empty, A_MANAGERS_REFUSED),
    "portal:revoke-invitation": PostRow(invitation_of_a, empty, A_MANAGERS_REFUSED),
    "portal:profile": PostRow(slug_a, profile_data, A_MANAGERS_REFUSED),
    "portal:people": PostRow(slug_a, invite_data, A_MANAGERS_REFUSED),
    "leadership:resource-contribute": PostRow(slug_a, contribution_data, A_MANAGERS_REFUSED),
    # Members of A who are not its executive leader (nor its delegate) are refused by the
    # service; people of other organizations do not find A.
    "leadership:vote": PostRow(
        lambda w: {"pk": w.proposal.pk, "slug": w.org_a.slug},
        vote_data,
        {
            ANONYMOUS: LOGIN,
            STAFF_A: FORBIDDEN,
            PRIMARY_A: FORBIDDEN,
            PERSON_B: NOT_FOUND,
            # Decisions are not for staff without a second factor (nor for the public).
            DIRECTOR_NO_2FA: FORBIDDEN,
            DIRECTOR: NOT_FOUND,
        },
    ),
    "leadership:delegate": PostRow(
        slug_a,
        delegate_data,
        {
            ANONYMOUS: LOGIN,
            STAFF_A: FORBIDDEN,
            PRIMARY_A: FORBIDDEN,
            PERSON_B: NOT_FOUND,
            DIRECTOR_NO_2FA: NOT_FOUND,
            DIRECTOR: NOT_FOUND,
        },
    ),
    # Signing for A is for A's primary contact or executive leader. Staff of A and the director
    # have nothing to sign (403); B's person may sign for B only, so naming A gets the page
    # back with "Nothing was signed" (200).
    "values:agreement": PostRow(
        no_kwargs,
        agreement_data,
        {
            ANONYMOUS: LOGIN,
            STAFF_A: FORBIDDEN,
            PERSON_B: OK,
            DIRECTOR_NO_2FA: FORBIDDEN,
            DIRECTOR: FORBIDDEN,
        },
    ),
    "portal:accept-invitation": PostRow(
        lambda w: {"token": w.invitation_token},
        accept_data,
        {
            STAFF_A: FORBIDDEN,
            PRIMARY_A: FORBIDDEN,
            PERSON_B: FORBIDDEN,
            DIRECTOR_NO_2FA: FORBIDDEN,
            DIRECTOR: FORBIDDEN,
        },
    ),
    "events:answer": PostRow(
        lambda w: {"pk": w.event.pk},
        going_data,
        {ANONYMOUS: LOGIN, DIRECTOR_NO_2FA: NOT_FOUND},
    ),
    "events:reset-calendar-feed": PostRow(no_kwargs, empty, {ANONYMOUS: LOGIN}),
    # B's person proposes for B only: naming A gets the form back (400).
    "events:propose": PostRow(
        no_kwargs,
        propose_data,
        {
            ANONYMOUS: LOGIN,
            STAFF_A: FORBIDDEN,
            PERSON_B: 400,
            DIRECTOR_NO_2FA: FORBIDDEN,
            DIRECTOR: FORBIDDEN,
        },
    ),
    # The admin changes data too: only the director, after a second factor.
    "admin:partners_organization_change": PostRow(
        admin_object("org_a"),
        admin_profile_data,
        {
            ANONYMOUS: ADMIN_LOGIN,
            STAFF_A: ADMIN_LOGIN,
            PRIMARY_A: ADMIN_LOGIN,
            PERSON_B: ADMIN_LOGIN,
            DIRECTOR_NO_2FA: SECOND_FACTOR,
        },
    ),
}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_post_by_a_viewer_not_entitled_is_refused_and_changes_nothing(world, viewer):
    wrong = []
    checked = 0
    for name, row in REFUSED_POSTS.items():
        if viewer not in row.refused:
            continue
        checked += 1
        before = fingerprint()
        path = reverse(name, kwargs=row.kwargs(world))
        actual = outcome(client_of(world, viewer).post(path, row.data(world)), path)
        expected = resolve(row.refused[viewer], world)
        if actual != expected:
            wrong.append(f"{name} ({path}): expected {expected!r}, got {actual!r}")
        if fingerprint() != before:
            wrong.append(f"{name} ({path}): the refused POST changed the database")
    assert checked
    assert not wrong, f"As {viewer}:\n" + "\n".join(wrong)


def test_every_post_only_url_has_its_refusals_listed():
    post_only = {name for name, row in MATRIX.items() if NOT_ALLOWED in row.expected.values()}
    post_only -= {"admin:logout"}  # Django's own; it only ends the director's session
    assert post_only <= set(REFUSED_POSTS)


# The same POSTs by someone entitled do change the database: the fingerprint would notice.
ALLOWED_POSTS = {
    "portal:confirm-profile": "primary_a",
    "portal:change-role": "primary_a",
    "portal:end-membership": "primary_a",
    "portal:restore-membership": "primary_a",
    "portal:resend-invitation": "primary_a",
    "portal:revoke-invitation": "primary_a",
    "portal:people": "primary_a",
    "leadership:resource-contribute": "primary_a",
    "leadership:vote": "leader_a",
    "leadership:delegate": "leader_a",
    "portal:accept-invitation": "anonymous",
    "events:answer": "primary_a",
    "events:reset-calendar-feed": "primary_a",
    "events:propose": "primary_a",
}


@pytest.mark.parametrize("name", sorted(ALLOWED_POSTS))
def test_an_allowed_post_changes_state(world, name):
    who = ALLOWED_POSTS[name]
    user = {"primary_a": world.users[PRIMARY_A], "leader_a": world.leader_a, "anonymous": None}[who]
    row = REFUSED_POSTS[name]
    before = fingerprint()

    response = client_for(user).post(reverse(name, kwargs=row.kwargs(world)), row.data(world))

    assert response.status_code == 302
    assert fingerprint() != before


# --- A former manager of A: every right ended with the membership (issue 10, rule 4) ------------


@pytest.fixture
def former_manager(world):
    """A's former primary contact: their membership was ended by A's other primary contact."""
    membership = MembershipFactory(organization=world.org_a, role=Role.PRIMARY_CONTACT)
    services.end_membership(membership=membership, acting_user=world.users[PRIMARY_A])
    return membership.user


REFUSED = (NOT_FOUND, FORBIDDEN)  # 404: A is no longer theirs; 403: they are no partner at all


def pages_of_a(world, rows) -> dict:
    """Every URL of these rows that names organization A by its slug, public pages aside."""
    return {
        name: row
        for name, row in rows.items()
        if row.kwargs(world).get("slug") == world.org_a.slug
        and getattr(row, "expected", {}).get(ANONYMOUS) != OK
    }


def test_a_former_manager_finds_none_of_the_organizations_pages(world, former_manager):
    pages = pages_of_a(world, MATRIX)
    assert {"portal:profile", "portal:people", "leadership:delegate"} <= set(pages)
    wrong = []
    for name, row in pages.items():
        path = reverse(name, kwargs=row.kwargs(world))
        actual = outcome(client_for(former_manager).get(path), path)
        if actual not in REFUSED:
            wrong.append(f"{name} ({path}): expected 404 or 403, got {actual!r}")
    assert not wrong, "\n".join(wrong)


def test_a_former_manager_changes_nothing_by_posting(world, former_manager):
    # Signing for A from the agreement page is among them: nothing to sign for them (403).
    rows = {
        **pages_of_a(world, REFUSED_POSTS),
        "values:agreement": REFUSED_POSTS["values:agreement"],
    }
    assert {"portal:people", "portal:end-membership", "leadership:delegate"} <= set(rows)
    wrong = []
    for name, row in rows.items():
        before = fingerprint()
        path = reverse(name, kwargs=row.kwargs(world))
        actual = outcome(client_for(former_manager).post(path, row.data(world)), path)
        if actual not in REFUSED:
            wrong.append(f"{name} ({path}): expected 404 or 403, got {actual!r}")
        if fingerprint() != before:
            wrong.append(f"{name} ({path}): the POST changed the database")
    assert not wrong, "\n".join(wrong)
