"""The resource library's services: every rule, allowed and refused."""

import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from PIL import Image

from cate_portal.private_files import private_storage
from leadership.models import Resource, ResourceStatus, ResourceVisibility
from leadership.resources import services
from partners.models import OrganizationStatus
from tests import sample_files
from tests.leadership.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def fields(**changes):
    values = {"title": "Protocol", "visibility": ResourceVisibility.PARTNERS, "link": ""}
    values.update(changes)
    return values


def upload(content=sample_files.PDF, name="file.pdf"):
    return ContentFile(content, name=name)


def test_a_staff_member_of_the_partner_may_not_contribute(staff_member, organization):
    with pytest.raises(PermissionDenied):
        services.contribute_resource(
            organization=organization, acting_user=staff_member, **fields(link="https://x.org")
        )
    assert not Resource.objects.exists()


def test_the_manager_of_an_inactive_partner_may_not_contribute(primary_contact, organization):
    organization.status = OrganizationStatus.INACTIVE
    organization.save(update_fields=["status"])
    with pytest.raises(PermissionDenied):
        services.contribute_resource(
            organization=organization,
            acting_user=primary_contact,
            **fields(link="https://x.org"),
        )


def test_a_contribution_waits_and_records_who_acted(primary_contact, organization):
    resource = services.contribute_resource(
        organization=organization, acting_user=primary_contact, **fields(upload=upload())
    )
    assert resource.status == ResourceStatus.PENDING
    assert resource.history.get().history_user == primary_contact
    assert resource.file_size == len(sample_files.PDF)


def test_a_file_that_is_not_an_allowed_kind_is_refused_on_the_upload_field(
    primary_contact, organization
):
    with pytest.raises(ValidationError) as error:
        services.contribute_resource(
            organization=organization,
            acting_user=primary_contact,
            **fields(upload=upload(b"MZ\x90\x00" + b"\0" * 64, "setup.pdf")),
        )
    assert "upload" in error.value.error_dict
    assert not Resource.objects.exists()


def test_an_image_is_stored_without_its_metadata(primary_contact, organization):
    exif = Image.Exif()
    exif[0x010E] = "Shelter at 12 Hidden Lane"
    photo = sample_files.image("JPEG", exif=exif.tobytes())
    resource = services.contribute_resource(
        organization=organization,
        acting_user=primary_contact,
        **fields(upload=upload(photo, "photo.jpg")),
    )
    stored = resource.file.read()
    assert resource.file.name.endswith(".jpg")
    assert b"Hidden Lane" not in stored
    assert Image.open(io.BytesIO(stored)).size == (4, 4)


def test_only_staff_add_edit_review_and_delete(primary_contact):
    resource = ResourceFactory(status=ResourceStatus.PENDING)
    with pytest.raises(PermissionDenied):
        services.add_resource(acting_user=primary_contact, **fields(link="https://x.org"))
    with pytest.raises(PermissionDenied):
        services.update_resource(
            resource=resource, acting_user=primary_contact, **fields(link="https://x.org")
        )
    with pytest.raises(PermissionDenied):
        services.approve_resource(resource=resource, acting_user=primary_contact)
    with pytest.raises(PermissionDenied):
        services.decline_resource(resource=resource, acting_user=primary_contact)
    with pytest.raises(PermissionDenied):
        services.delete_resource(resource=resource, acting_user=primary_contact)
    resource.refresh_from_db()
    assert resource.status == ResourceStatus.PENDING


def test_the_director_adds_an_approved_resource(director):
    resource = services.add_resource(acting_user=director, **fields(upload=upload()))
    assert resource.status == ResourceStatus.APPROVED
    assert resource.reviewed_by == director


def test_approval_and_decline_tell_the_contributor(
    director, primary_contact, organization, django_capture_on_commit_callbacks
):
    resource = services.contribute_resource(
        organization=organization, acting_user=primary_contact, **fields(link="https://x.org")
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_resource(resource=resource, acting_user=director, reason="Outdated.")
    resource.refresh_from_db()
    assert resource.status == ResourceStatus.DECLINED
    assert mail.outbox[-1].to == [primary_contact.email]
    assert "Outdated." in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_resource(resource=resource, acting_user=director)
    resource.refresh_from_db()
    assert resource.status == ResourceStatus.APPROVED
    assert "approved" in mail.outbox[-1].subject


def test_a_new_file_replaces_the_old_one_on_disk(director):
    resource = services.add_resource(acting_user=director, **fields(upload=upload()))
    old = resource.file.name
    updated = services.update_resource(
        resource=resource, acting_user=director, **fields(upload=upload(sample_files.ooxml()))
    )
    assert updated.file.name.endswith(".docx")
    assert not private_storage().exists(old)


def test_becoming_a_link_lets_the_file_go(director):
    resource = services.add_resource(acting_user=director, **fields(upload=upload()))
    old = resource.file.name
    updated = services.update_resource(
        resource=resource, acting_user=director, **fields(link="https://example.org/new")
    )
    assert not updated.file and updated.file_size is None
    assert not private_storage().exists(old)


def test_deleting_removes_the_file_once_committed(director, django_capture_on_commit_callbacks):
    resource = services.add_resource(acting_user=director, **fields(upload=upload()))
    name = resource.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_resource(resource=resource, acting_user=director)
    assert not Resource.objects.exists()
    assert not private_storage().exists(name)


def test_neither_file_nor_link_is_refused(director):
    with pytest.raises(ValidationError):
        services.add_resource(acting_user=director, **fields())
