"""Changes to the shared resources: contributed by partners, added, edited, approved or declined
by the Coalition Director.

Views, the admin and the demo data all call these functions, so no path skips a rule. A file is
checked by its content (cate_portal.private_files.check_upload), images are redrawn without
their metadata, and it is stored privately under a random name. Each function runs in a
transaction, records who acted and sends its e-mail once the transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cate_portal.actors import SYSTEM, record_actor, require_staff
from cate_portal.notifications import absolute_url, send_email_on_commit
from cate_portal.private_files import (
    DOCUMENT_KINDS,
    check_upload,
    private_upload_path,
    without_image_metadata,
)
from leadership.models import Resource, ResourceStatus, ResourceTopic
from partners.models import Organization
from partners.permissions import managed_organizations

FOLDER = "resources"
CONTRIBUTORS_ONLY_MESSAGE = (
    "Only a primary contact or an executive leader of an active partner may contribute "
    "resources for it."
)


def _store_file(resource: Resource, upload) -> None:
    """Checks `upload` by its content and stores it as the resource's file (on disk at once:
    a transaction rolled back later leaves an unreferenced file, which no URL serves)."""
    try:
        kind = check_upload(upload, allowed=DOCUMENT_KINDS, subject="The file")
    except ValidationError as error:
        raise ValidationError({"upload": error.error_list}) from error
    upload.seek(0)
    content = without_image_metadata(upload.read(), kind)
    resource.file.save(private_upload_path(FOLDER, kind), ContentFile(content), save=False)
    resource.file_size = len(content)


def _apply(
    resource: Resource,
    *,
    title: str,
    description: str,
    visibility: str,
    link: str,
    upload,
) -> None:
    resource.title = title
    resource.description = description
    resource.visibility = visibility
    resource.link = link or ""
    if link and upload:
        raise ValidationError(
            {"link": ValidationError("Attach a file or give a link, not both.", code="both")}
        )
    if link and resource.file:
        # A resource that becomes a link lets go of its file.
        resource.file.delete(save=False)
        resource.file_size = None
    if upload:
        if resource.file:
            resource.file.delete(save=False)
        _store_file(resource, upload)


def _save(resource: Resource, *, topics: Iterable[ResourceTopic], acting_user: Any) -> Resource:
    resource.updated_at = timezone.now()
    resource.full_clean()
    record_actor(resource, acting_user)
    resource.save()
    resource.topics.set(list(topics))
    return resource


@transaction.atomic
def contribute_resource(
    *,
    organization: Organization,
    acting_user: Any,
    title: str,
    description: str = "",
    topics: Iterable[ResourceTopic] = (),
    visibility: str,
    link: str = "",
    upload=None,
) -> Resource:
    """A partner's contribution, waiting for the director's approval (e-mailed to the
    coalition). `upload` is a Django UploadedFile or File; exactly one of it and `link`.

    Raises PermissionDenied unless `acting_user` manages the active `organization` (the system,
    None, may contribute for any), ValidationError for a bad file, link or field.
    """
    if acting_user is not SYSTEM and not (
        managed_organizations(acting_user).filter(pk=organization.pk).exists()
    ):
        raise PermissionDenied(CONTRIBUTORS_ONLY_MESSAGE)
    resource = Resource(
        organization=organization,
        contributed_by=acting_user,
        status=ResourceStatus.PENDING,
    )
    _apply(
        resource,
        title=title,
        description=description,
        visibility=visibility,
        link=link,
        upload=upload,
    )
    _save(resource, topics=topics, acting_user=acting_user)
    send_email_on_commit(
        subject=f"Resource to approve: {resource.title}",
        template="emails/resource_contributed.txt",
        context={
            "resource": resource,
            "organization": organization,
            "review_url": absolute_url(
                reverse("admin:leadership_resource_change", args=[resource.pk])
            ),
        },
        to=[settings.COALITION_EMAIL],
    )
    return resource


@transaction.atomic
def add_resource(
    *,
    acting_user: Any,
    title: str,
    description: str = "",
    topics: Iterable[ResourceTopic] = (),
    visibility: str,
    link: str = "",
    upload=None,
    organization: Organization | None = None,
) -> Resource:
    """The director adds a resource (the coalition's own, or on a partner's behalf): approved
    at once. Raises PermissionDenied for anyone but staff or the system."""
    require_staff(acting_user, action="add resources")
    resource = Resource(
        organization=organization,
        contributed_by=acting_user,
        status=ResourceStatus.APPROVED,
        reviewed_by=acting_user,
        reviewed_at=timezone.now(),
    )
    _apply(
        resource,
        title=title,
        description=description,
        visibility=visibility,
        link=link,
        upload=upload,
    )
    return _save(resource, topics=topics, acting_user=acting_user)


@transaction.atomic
def update_resource(
    *,
    resource: Resource,
    acting_user: Any,
    title: str,
    description: str = "",
    topics: Iterable[ResourceTopic] = (),
    visibility: str,
    link: str = "",
    upload=None,
    organization: Organization | None = None,
) -> Resource:
    """The director edits a resource; a new `upload` replaces its file (the old one is
    deleted), a `link` replaces a file. Raises PermissionDenied for anyone but staff."""
    require_staff(acting_user, action="edit resources")
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    resource.organization = organization
    _apply(
        resource,
        title=title,
        description=description,
        visibility=visibility,
        link=link,
        upload=upload,
    )
    return _save(resource, topics=topics, acting_user=acting_user)


def _review(resource: Resource, *, status: str, acting_user: Any, reason: str = "") -> Resource:
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if resource.status == status:
        return resource
    resource.status = status
    resource.reviewed_by = acting_user
    resource.reviewed_at = resource.updated_at = timezone.now()
    resource.decline_reason = reason
    resource.full_clean()
    record_actor(resource, acting_user)
    resource.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "decline_reason", "updated_at"]
    )
    if resource.contributed_by_id and resource.contributed_by != acting_user:
        send_email_on_commit(
            subject=f"Your resource {resource.get_status_display().lower()}: {resource.title}",
            template="emails/resource_reviewed.txt",
            context={
                "resource": resource,
                "url": absolute_url(resource.get_absolute_url()),
            },
            to=[resource.contributed_by.email],
        )
    return resource


@transaction.atomic
def approve_resource(*, resource: Resource, acting_user: Any) -> Resource:
    """The director approves a resource: from now on everyone its visibility names sees it."""
    require_staff(acting_user, action="approve resources")
    return _review(resource, status=ResourceStatus.APPROVED, acting_user=acting_user)


@transaction.atomic
def decline_resource(*, resource: Resource, acting_user: Any, reason: str = "") -> Resource:
    """The director declines a resource: only the director and its contributors see it."""
    require_staff(acting_user, action="decline resources")
    return _review(resource, status=ResourceStatus.DECLINED, acting_user=acting_user, reason=reason)


@transaction.atomic
def delete_resource(*, resource: Resource, acting_user: Any) -> None:
    """The director deletes a resource and its file (its history stays)."""
    require_staff(acting_user, action="delete resources")
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    name = resource.file.name if resource.file else ""
    storage = resource.file.storage
    record_actor(resource, acting_user)
    resource.delete()
    if name:
        # The row is gone for good only when the transaction commits.
        transaction.on_commit(lambda: storage.delete(name))
