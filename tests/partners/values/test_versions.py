"""Versions of the shared values: the one-adopted constraint, immutable adopted text, adoption,
and the public pages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import SharedValue, ValuesVersion, ValuesVersionStatus
from partners.values.selectors import current_values, grace_days
from partners.values.services import adopt_version, draft_new_version
from tests.factories import UserFactory, ValuesVersionFactory, adopted_version

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


# --- The database keeps one adopted version ---------------------------------------------------


def test_database_refuses_a_second_adopted_version():
    adopted_version(adopted_on=datetime.date(2024, 3, 14))
    with pytest.raises(IntegrityError), transaction.atomic():
        ValuesVersion.objects.create(
            label="Rogue",
            slug="rogue",
            vision="v",
            mission="m",
            status=ValuesVersionStatus.ADOPTED,
            adopted_on=datetime.date(2025, 1, 1),
        )
    assert ValuesVersion.objects.filter(status=ValuesVersionStatus.ADOPTED).count() == 1


def test_many_retired_and_draft_versions_may_coexist():
    for year in (2020, 2021, 2022):
        adopted_version(adopted_on=datetime.date(year, 1, 1))
    ValuesVersionFactory()
    ValuesVersionFactory()
    statuses = sorted(ValuesVersion.objects.values_list("status", flat=True))
    assert statuses == ["adopted", "draft", "draft", "retired", "retired"]


def test_full_clean_reports_a_second_adopted_version_as_a_message():
    adopted_version(adopted_on=datetime.date(2024, 3, 14))
    rogue = ValuesVersion(
        label="Rogue",
        slug="rogue",
        vision="v",
        mission="m",
        status=ValuesVersionStatus.ADOPTED,
        adopted_on=datetime.date(2025, 1, 1),
    )
    with pytest.raises(ValidationError, match="already adopted"):
        rogue.full_clean()


def test_database_refuses_an_adopted_version_without_a_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        ValuesVersion.objects.create(
            label="Dateless", slug="dateless", vision="v", mission="m", status="adopted"
        )


# --- Adopted text cannot change ---------------------------------------------------------------


@pytest.mark.parametrize("field", ["vision", "mission", "label", "slug"])
def test_adopted_version_text_cannot_be_changed(field):
    version = adopted_version()
    setattr(version, field, "changed-text")
    with pytest.raises(ValidationError, match="cannot be changed"):
        version.full_clean()
    with pytest.raises(ValidationError, match="cannot be changed"):
        version.save()
    version.refresh_from_db()
    assert getattr(version, field) != "changed-text"


def test_retired_version_text_cannot_be_changed_either():
    old = adopted_version(adopted_on=datetime.date(2020, 1, 1))
    adopted_version(adopted_on=datetime.date(2024, 1, 1))
    old.refresh_from_db()
    assert old.status == ValuesVersionStatus.RETIRED
    old.mission = "Rewritten history"
    with pytest.raises(ValidationError):
        old.save()


def test_values_of_an_adopted_version_cannot_be_edited_added_or_deleted():
    version = adopted_version()
    value = version.items[0]
    value.description = "Quietly changed"
    with pytest.raises(ValidationError, match="cannot be changed"):
        value.save()
    with pytest.raises(ValidationError):
        SharedValue(version=version, name="New", description="Added later").save()
    with pytest.raises(ValidationError):
        value.delete()
    assert SharedValue.objects.filter(version=version).count() == 3
    assert SharedValue.objects.get(pk=value.pk).description != "Quietly changed"


def test_a_value_cannot_be_moved_into_or_out_of_an_adopted_version():
    adopted = adopted_version()
    draft = ValuesVersionFactory()
    moving_in = draft.items[0]
    moving_in.version = adopted
    with pytest.raises(ValidationError):
        moving_in.save()
    moving_out = SharedValue.objects.filter(version=adopted).first()
    moving_out.version = draft
    with pytest.raises(ValidationError):
        moving_out.save()


def test_adopted_version_cannot_be_deleted_but_a_draft_can():
    version = adopted_version()
    with pytest.raises(ValidationError):
        version.delete()
    draft = ValuesVersionFactory()
    draft.delete()
    assert not ValuesVersion.objects.filter(pk=draft.pk).exists()


def test_draft_text_and_note_of_adopted_version_stay_editable():
    draft = ValuesVersionFactory()
    draft.vision = "Edited while a draft"
    draft.full_clean()
    draft.save()
    version = adopted_version()
    version.adoption_note = "Adopted at the annual meeting"
    version.full_clean()
    version.save()
    version.refresh_from_db()
    assert version.adoption_note == "Adopted at the annual meeting"


# --- The text hash ----------------------------------------------------------------------------


def test_text_hash_is_stable_and_covers_vision_mission_and_values():
    version = ValuesVersionFactory()
    first = version.text_hash()
    assert len(first) == 64
    assert ValuesVersion.objects.get(pk=version.pk).text_hash() == first
    version.vision += " And more."
    assert version.text_hash() != first

    other = ValuesVersionFactory(values=[("Survivors first", "Safety and dignity come first.")])
    before = other.text_hash()
    assert before != first
    value = other.items[0]
    value.description = "Something else"
    value.save()
    assert ValuesVersion.objects.get(pk=other.pk).text_hash() != before


def test_text_hash_ignores_line_ending_differences():
    a = ValuesVersionFactory(vision="Line one\nLine two")
    b = ValuesVersionFactory(vision="Line one\r\nLine two")
    assert a.text_hash() == b.text_hash()


# --- Adoption ---------------------------------------------------------------------------------


def test_adopt_version_retires_the_current_one_and_sets_the_signing_deadline():
    first = adopted_version(adopted_on=datetime.date(2024, 3, 14))
    second = ValuesVersionFactory()
    adopted = adopt_version(
        version=second, adopted_on=datetime.date(2026, 2, 1), note="Vote of the partners"
    )
    first.refresh_from_db()
    assert first.status == ValuesVersionStatus.RETIRED
    assert first.retired_on == datetime.date(2026, 2, 1)
    assert adopted.status == ValuesVersionStatus.ADOPTED
    assert adopted.adopted_on == datetime.date(2026, 2, 1)
    assert adopted.signatures_due_on == datetime.date(2026, 2, 1) + grace_days() * DAY
    assert adopted.adoption_note == "Vote of the partners"
    assert adopted.adopted_text_hash == adopted.text_hash()
    assert ValuesVersion.objects.current() == adopted


def test_grace_period_comes_from_the_setting(settings):
    settings.AGREEMENT_GRACE_DAYS = 30
    version = adopted_version(adopted_on=datetime.date(2026, 1, 1))
    assert version.signatures_due_on == datetime.date(2026, 1, 31)


def test_default_grace_period_is_sixty_days(settings):
    del settings.AGREEMENT_GRACE_DAYS
    assert grace_days() == 60


def test_only_a_draft_can_be_adopted():
    version = adopted_version()
    with pytest.raises(ValidationError, match="Only a draft"):
        adopt_version(version=version)


def test_a_version_without_values_cannot_be_adopted():
    empty = ValuesVersionFactory(values=[])
    SharedValue.objects.filter(version=empty).delete()
    with pytest.raises(ValidationError, match="at least one value"):
        adopt_version(version=empty)
    empty.refresh_from_db()
    assert empty.status == ValuesVersionStatus.DRAFT


def test_adoption_cannot_be_dated_before_the_current_version():
    adopted_version(adopted_on=datetime.date(2025, 6, 1))
    with pytest.raises(ValidationError, match="adoption date"):
        adopt_version(version=ValuesVersionFactory(), adopted_on=datetime.date(2025, 1, 1))
    assert ValuesVersion.objects.current().adopted_on == datetime.date(2025, 6, 1)


def test_only_coalition_staff_may_adopt(primary_contact):
    draft = ValuesVersionFactory()
    with pytest.raises(PermissionDenied):
        adopt_version(version=draft, acting_user=primary_contact)
    adopt_version(version=draft, acting_user=UserFactory(is_staff=True))
    draft.refresh_from_db()
    assert draft.status == ValuesVersionStatus.ADOPTED


def test_draft_new_version_copies_the_text_into_an_editable_draft():
    version = adopted_version(label="2024")
    draft = draft_new_version(based_on=version)
    assert draft.is_draft
    assert draft.label == "2024 revision"
    assert draft.text_hash() == version.text_hash()
    again = draft_new_version(based_on=version)
    assert again.label == "2024 revision 2"


# --- Pages ------------------------------------------------------------------------------------


def test_values_page_shows_the_current_version_and_lists_earlier_ones(client):
    old = adopted_version(
        adopted_on=datetime.date(2020, 1, 1),
        label="2020",
        values=[("Old value", "An earlier wording.")],
    )
    adopted_version(
        adopted_on=datetime.date(2024, 1, 1),
        label="2024",
        vision="The current vision.",
        values=[("Current value", "Today's wording.")],
    )
    html = client.get(reverse("values:current")).content.decode()
    assert "The current vision." in html
    assert "Current value" in html
    assert "Old value" not in html
    assert old.get_absolute_url() in html


def test_earlier_version_stays_readable_at_its_own_url(client):
    old = adopted_version(
        adopted_on=datetime.date(2020, 1, 1), label="2020", vision="The vision of 2020."
    )
    adopted_version(adopted_on=datetime.date(2024, 1, 1), label="2024")
    response = client.get(reverse("values:version", kwargs={"slug": old.slug}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "The vision of 2020." in html
    assert "earlier version" in html


def test_drafts_are_not_published(client):
    draft = ValuesVersionFactory(vision="Secret draft wording")
    response = client.get(reverse("values:version", kwargs={"slug": draft.slug}))
    assert response.status_code == 404
    assert b"Secret draft wording" not in client.get(reverse("values:current")).content


def test_values_page_before_any_adoption_says_so(client):
    ValuesVersionFactory()
    response = client.get(reverse("values:current"))
    assert response.status_code == 200
    assert b"has not adopted" in response.content


def test_unknown_version_is_404(client):
    assert client.get("/values/no-such-version/").status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_values_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    adopted_version(adopted_on=datetime.date(2020, 1, 1))
    small = _queries(client, reverse("values:current"))
    for year in range(2021, 2031):
        adopted_version(
            adopted_on=datetime.date(year, 1, 1),
            values=[(f"Value {i}", "Words.") for i in range(12)],
        )
    with django_assert_max_num_queries(small):
        assert client.get(reverse("values:current")).status_code == 200


def test_home_page_template_draws_from_the_current_version():
    adopted_version(
        vision="Vision from the adopted version.",
        mission="Mission from the adopted version.",
        values=[("Shared value one", "Its meaning."), ("Shared value two", "Another.")],
    )
    html = render_to_string("pages/home.html", {"values": current_values()})
    assert "Vision from the adopted version." in html
    assert "Mission from the adopted version." in html
    assert "Shared value one" in html and "Shared value two" in html
    assert "Its meaning." in html


def test_current_values_is_none_before_adoption_and_home_falls_back():
    ValuesVersionFactory(vision="Unadopted draft vision")
    assert current_values() is None
    html = render_to_string("pages/home.html", {"values": current_values()})
    assert "Unadopted draft vision" not in html


# --- Demo data --------------------------------------------------------------------------------


def test_seed_values_demo_is_idempotent_and_realistic():
    from partners.models import Agreement, FiscalSponsorship, Funder, Support
    from partners.values.demo import seed_values_demo
    from tests.factories import MembershipFactory, OrganizationFactory

    healing_action = OrganizationFactory(name="Healing Action", slug="healing-action")
    for _ in range(4):
        MembershipFactory(role="primary_contact")
    first = seed_values_demo()
    counts = (
        ValuesVersion.objects.count(),
        SharedValue.objects.count(),
        FiscalSponsorship.objects.count(),
        Funder.objects.count(),
        Support.objects.count(),
        Agreement.objects.count(),
    )
    second = seed_values_demo()
    assert first.version_created and not second.version_created
    assert second.funders_created == 0 and second.agreements_created == 0
    assert counts == (
        ValuesVersion.objects.count(),
        SharedValue.objects.count(),
        FiscalSponsorship.objects.count(),
        Funder.objects.count(),
        Support.objects.count(),
        Agreement.objects.count(),
    )
    current = ValuesVersion.objects.current()
    assert 5 <= len(current.items) <= 7
    assert current.adopted_on == datetime.date(2024, 3, 14)
    sponsorship = FiscalSponsorship.objects.current().get()
    assert sponsorship.organization == healing_action
    assert sponsorship.started_on.year == 2018
    assert sponsorship.provides_home_office and sponsorship.provides_fiscal_agent
    assert sponsorship.employs_staff
    assert Funder.objects.filter(publicly_acknowledged=True).exists()
    assert Funder.objects.filter(publicly_acknowledged=False).exists()
    assert 0 < Agreement.objects.count() < 5
    for agreement in Agreement.objects.all():
        assert agreement.text_hash == current.adopted_text_hash
