"""The director's admin for shared values versions and signatures."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from partners.models import Agreement, SharedValue, ValuesVersion, ValuesVersionStatus
from partners.values.admin import posted_text_changes
from tests.factories import AgreementFactory, ValuesVersionFactory, adopted_version

pytestmark = pytest.mark.django_db


def change_url(version) -> str:
    return reverse("admin:partners_valuesversion_change", args=[version.pk])


def post_data(version, **changes) -> dict:
    """What the change form posts: the version's fields and its inline values."""
    values = list(version.shared_values.all())
    data = {
        "label": version.label,
        "slug": version.slug,
        "vision": version.vision,
        "mission": version.mission,
        "adoption_note": version.adoption_note,
        "shared_values-TOTAL_FORMS": str(len(values)),
        "shared_values-INITIAL_FORMS": str(len(values)),
        "shared_values-MIN_NUM_FORMS": "0",
        "shared_values-MAX_NUM_FORMS": "1000",
    }
    for i, value in enumerate(values):
        data.update(
            {
                f"shared_values-{i}-id": str(value.pk),
                f"shared_values-{i}-version": str(version.pk),
                f"shared_values-{i}-order": str(value.order),
                f"shared_values-{i}-name": value.name,
                f"shared_values-{i}-description": value.description,
            }
        )
    data.update(changes)
    return data


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_adopted_version_text_is_read_only_in_admin(director_client):
    version = adopted_version()
    html = director_client.get(change_url(version)).content.decode()
    assert version.vision in html
    assert 'name="vision"' not in html
    assert 'name="mission"' not in html
    assert 'name="shared_values-0-description"' not in html
    assert 'name="adoption_note"' in html  # how it was adopted stays editable


def test_admin_refuses_a_changed_vision_with_a_message(director_client):
    version = adopted_version()
    response = director_client.post(
        change_url(version), post_data(version, vision="A rewritten vision")
    )
    assert response.status_code == 302
    assert any("cannot be changed" in m for m in messages_of(response))
    version.refresh_from_db()
    assert version.vision != "A rewritten vision"


def test_admin_refuses_a_changed_value_with_a_message(director_client):
    version = adopted_version()
    response = director_client.post(
        change_url(version), post_data(version, **{"shared_values-1-description": "Edited"})
    )
    assert any("cannot be changed" in m for m in messages_of(response))
    assert not SharedValue.objects.filter(description="Edited").exists()


def test_admin_refuses_an_added_value(director_client):
    version = adopted_version()
    data = post_data(version)
    data.update(
        {
            "shared_values-TOTAL_FORMS": "4",
            "shared_values-3-name": "Sneaked in",
            "shared_values-3-description": "Added after adoption",
            "shared_values-3-order": "9",
        }
    )
    response = director_client.post(change_url(version), data)
    assert any("cannot be changed" in m for m in messages_of(response))
    assert SharedValue.objects.filter(version=version).count() == 3


def test_admin_saves_the_adoption_note_of_an_adopted_version(director_client):
    version = adopted_version()
    response = director_client.post(
        change_url(version), post_data(version, adoption_note="Vote at the annual meeting")
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.adoption_note == "Vote at the annual meeting"
    assert version.status == ValuesVersionStatus.ADOPTED


def test_posted_text_changes_names_what_changed():
    version = adopted_version()
    assert posted_text_changes(post_data(version), version) == []
    data = post_data(version, mission="New", **{"shared_values-0-DELETE": "on"})
    assert posted_text_changes(data, version) == ["mission", "values (deleted)"]


def test_draft_is_editable_in_admin(director_client):
    draft = ValuesVersionFactory()
    response = director_client.post(
        change_url(draft),
        post_data(draft, vision="Edited draft vision", **{"shared_values-0-name": "Renamed"}),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.vision == "Edited draft vision"
    assert draft.items[0].name == "Renamed"


def test_adopt_action_adopts_the_draft_and_retires_the_current(director_client):
    old = adopted_version(adopted_on=datetime.date(2020, 1, 1))
    draft = ValuesVersionFactory()
    response = director_client.post(
        reverse("admin:partners_valuesversion_changelist"),
        {"action": "adopt", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    old.refresh_from_db()
    assert draft.status == ValuesVersionStatus.ADOPTED
    assert old.status == ValuesVersionStatus.RETIRED


def test_adopt_action_refuses_an_adopted_version_with_a_message(director_client):
    version = adopted_version()
    response = director_client.post(
        reverse("admin:partners_valuesversion_changelist"),
        {"action": "adopt", "_selected_action": [version.pk]},
        follow=True,
    )
    assert "Only a draft can be adopted" in response.content.decode()


def test_draft_copy_action_creates_an_editable_copy(director_client):
    version = adopted_version(label="2024")
    director_client.post(
        reverse("admin:partners_valuesversion_changelist"),
        {"action": "draft_copy", "_selected_action": [version.pk]},
    )
    draft = ValuesVersion.objects.get(label="2024 revision")
    assert draft.is_draft and draft.text_hash() == version.text_hash()


def test_draft_copy_of_a_version_with_a_long_label_gets_a_label_that_fits(director_client):
    """The copy's label is the version's with " revision" (and a number): cut to fit the
    column, rather than a 500 from a label that is too long."""
    version = adopted_version(label="Shared values " + "x" * 86)  # 100 characters, the most
    changelist = reverse("admin:partners_valuesversion_changelist")
    director_client.raise_request_exception = False
    for _ in range(2):
        response = director_client.post(
            changelist, {"action": "draft_copy", "_selected_action": [version.pk]}
        )
        assert response.status_code == 302
    drafts = ValuesVersion.objects.filter(status=ValuesVersionStatus.DRAFT).order_by("pk")
    labels = [draft.label for draft in drafts]
    assert len(labels) == 2 and len(set(labels)) == 2
    assert labels[0].endswith(" revision") and labels[1].endswith(" revision 2")
    assert all(len(label) <= 100 and label.startswith("Shared values x") for label in labels)
    assert all(len(draft.slug) <= 100 for draft in drafts)
    ligatures = adopted_version(label="\ufb03" * 100, slug="ligatures")  # "ﬃ" slugs as "ffi"
    for _ in range(2):
        response = director_client.post(
            changelist, {"action": "draft_copy", "_selected_action": [ligatures.pk]}
        )
        assert response.status_code == 302
    copies = ValuesVersion.objects.filter(status=ValuesVersionStatus.DRAFT).order_by("-pk")[:2]
    assert [copy.slug.rsplit("-", 1)[-1] for copy in copies] == ["2", "revision"]
    assert all(len(copy.slug) <= 100 for copy in copies)


def test_adopted_version_cannot_be_deleted_in_admin(director_client):
    version = adopted_version()
    response = director_client.post(
        reverse("admin:partners_valuesversion_delete", args=[version.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert ValuesVersion.objects.filter(pk=version.pk).exists()


def test_changelist_links_to_the_compliance_report(director_client):
    html = director_client.get(reverse("admin:partners_valuesversion_changelist")).content
    assert reverse("admin:partners_values_compliance").encode() in html


def test_signatures_are_read_only_in_admin(director_client):
    agreement = AgreementFactory()
    assert director_client.get(reverse("admin:partners_agreement_add")).status_code == 403
    response = director_client.post(
        reverse("admin:partners_agreement_change", args=[agreement.pk]),
        {"signer_name": "Forged"},
    )
    assert response.status_code == 403
    assert Agreement.objects.get().signer_name != "Forged"
    page = director_client.get(reverse("admin:partners_agreement_change", args=[agreement.pk]))
    assert page.status_code == 200
    assert agreement.text_hash in page.content.decode()
