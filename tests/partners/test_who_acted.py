"""Who acted, one convention for every change: simple-history's user (or, for applications,
their transition log), and the system recorded as such when no person acted."""

import pytest

from cate_portal.actors import SYSTEM_REASON
from partners.applications import services as application_services
from partners.models import ApplicationStatus, Invitation, Organization, Role, ValuesVersion
from partners.organizations import services as organization_services
from partners.people import services as people_services
from partners.values import services as values_services
from tests.factories import ApplicationFactory, UserFactory, ValuesVersionFactory

pytestmark = pytest.mark.django_db


def latest_history(model, pk):
    return model.history.filter(id=pk).latest("history_date", "history_id")


@pytest.fixture
def manager(organization):
    from tests.factories import MembershipFactory

    return MembershipFactory(organization=organization, role=Role.PRIMARY_CONTACT).user


@pytest.mark.parametrize("by", ["person", "system"])
def test_adopting_and_drafting_a_values_version_record_who(director, by):
    actor = director if by == "person" else None
    version = values_services.adopt_version(version=ValuesVersionFactory(), acting_user=actor)
    adopted = latest_history(ValuesVersion, version.pk)
    draft = values_services.draft_new_version(based_on=version, acting_user=actor)
    drafted = latest_history(ValuesVersion, draft.pk)
    for record in (adopted, drafted):
        assert record.history_user == actor
        assert record.history_change_reason == (None if actor else SYSTEM_REASON)
    assert adopted.status == "adopted"


@pytest.mark.parametrize("by", ["manager", "director", "system"])
def test_sending_resending_and_revoking_an_invitation_record_who(
    organization, manager, director, by
):
    actor = {"manager": manager, "director": director, "system": None}[by]
    invitation = people_services.invite_person(
        organization=organization, acting_user=actor, email="new@example.org", role=Role.STAFF
    )
    sent = latest_history(Invitation, invitation.pk)
    people_services.resend_invitation(invitation=invitation, acting_user=actor)
    resent = latest_history(Invitation, invitation.pk)
    people_services.revoke_invitation(invitation=invitation, acting_user=actor)
    revoked = latest_history(Invitation, invitation.pk)
    assert [r.history_type for r in (sent, resent, revoked)] == ["+", "~", "~"]
    for record in (sent, resent, revoked):
        assert record.history_user == actor
    assert revoked.revoked_at is not None
    if actor is None:
        assert revoked.history_change_reason == SYSTEM_REASON


def test_the_invitation_history_never_keeps_the_token_hash(organization, manager):
    invitation = people_services.invite_person(
        organization=organization, acting_user=manager, email="a@example.org", role=Role.STAFF
    )
    record = latest_history(Invitation, invitation.pk)
    assert not hasattr(record, "token_hash")


@pytest.mark.parametrize("by", ["director", "system"])
@pytest.mark.parametrize("decision", ["approve", "decline"])
def test_approving_and_declining_an_application_record_who(director, by, decision):
    actor = director if by == "director" else None
    application = ApplicationFactory()
    if decision == "approve":
        application = application_services.approve_application(
            application=application, acting_user=actor
        )
        created = latest_history(Organization, application.organization_id)
        assert created.history_user == actor
    else:
        application = application_services.decline_application(
            application=application, acting_user=actor
        )
    transition = application.transitions.last()
    assert transition.to_status == (
        ApplicationStatus.APPROVED if decision == "approve" else ApplicationStatus.DECLINED
    )
    assert transition.by_user == actor
    assert transition.by_applicant is False
    assert transition.actor == (director.get_full_name() if actor else "The system")


def test_a_status_change_records_who(organization, director):
    organization_services.change_organization_status(
        organization=organization, status="inactive", acting_user=director
    )
    assert latest_history(Organization, organization.pk).history_user == director


def test_a_partner_cannot_act_as_the_director():
    from django.core.exceptions import PermissionDenied

    partner = UserFactory()
    with pytest.raises(PermissionDenied, match="Only the Coalition Director"):
        values_services.adopt_version(version=ValuesVersionFactory(), acting_user=partner)
    with pytest.raises(PermissionDenied, match="Only the Coalition Director"):
        application_services.approve_application(
            application=ApplicationFactory(), acting_user=partner
        )
