"""Who sees which resource and may download its file: every kind of viewer, through the pages
(the list, the resource's page, the download) and leadership.permissions itself."""

import pytest
from django.urls import reverse

from leadership.models import ResourceStatus, ResourceVisibility
from leadership.permissions import may_see_resource, visible_resources
from partners.visibility import viewer_for
from tests.leadership.factories import ResourceFactory
from tests.sample_files import PDF

pytestmark = pytest.mark.django_db

#: viewer -> the resources (keys of the `resources` fixture) they may see.
SEES = {
    "anonymous": {"public"},
    # Staff without a second factor in the session are the public (the director is no member).
    "director_without_2fa": {"public"},
    "other_partner": {"public", "partners"},
    "staff_member": {"public", "partners", "pending"},  # its own organization's contribution
    "primary_contact": {"public", "partners", "pending"},
    "executive_leader": {"public", "partners", "leadership", "pending"},
    "director": {"public", "partners", "leadership", "pending"},
}


@pytest.fixture
def leadership_client_for(client_for_viewer, client_as, executive_leader):
    def sign_in(name):
        if name == "executive_leader":
            return client_as(executive_leader)
        return client_for_viewer(name)

    return sign_in


@pytest.mark.parametrize("name", sorted(SEES))
def test_the_list_shows_each_viewer_exactly_what_they_may_see(
    leadership_client_for, resources, name
):
    html = leadership_client_for(name).get(reverse("leadership:resource-list")).content.decode()

    shown = {key for key, resource in resources.items() if resource.title in html}
    assert shown == SEES[name]


@pytest.mark.parametrize("name", sorted(SEES))
def test_each_viewer_downloads_exactly_the_files_they_may_see(
    leadership_client_for, resources, name
):
    client = leadership_client_for(name)
    for key, resource in resources.items():
        response = client.get(resource.get_download_url())
        page = client.get(resource.get_absolute_url())
        if key in SEES[name]:
            assert response.status_code == 200, key
            assert b"".join(response.streaming_content) == PDF
            assert page.status_code == 200
        elif name == "anonymous":
            # Sent to sign in, the file never served.
            assert response.status_code == 302, key
            assert response["Location"].startswith("/accounts/login/?next=")
            assert page.status_code == 302
        else:
            assert response.status_code == 404, key
            assert page.status_code == 404


def test_a_partners_only_file_is_refused_to_the_public_even_with_its_exact_url(client, resources):
    resource = resources["partners"]
    url = f"/resources/{resource.pk}/download/"

    response = client.get(url)

    assert response.status_code == 302
    assert "Content-Disposition" not in response
    assert PDF not in response.content
    # And no other address serves it: it is outside MEDIA_ROOT, with no URL of its own.
    assert client.get(f"/media/{resource.file.name}").status_code == 404
    assert client.get(f"/private_media/{resource.file.name}").status_code == 404


def test_the_download_is_an_attachment_with_nosniff_and_no_caching(client, resources):
    response = client.get(resources["public"].get_download_url())

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Public training deck.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_a_declined_resource_is_for_its_organization_and_the_director_only(
    resources, primary_contact, other_partner, director
):
    declined = ResourceFactory(
        status=ResourceStatus.DECLINED,
        organization=resources["pending"].organization,
        visibility=ResourceVisibility.PUBLIC,
    )
    assert may_see_resource(primary_contact, declined)
    assert may_see_resource(director, declined)
    assert not may_see_resource(other_partner, declined)
    assert not may_see_resource(None, declined)


def test_its_own_organization_sees_a_waiting_contribution_only_within_its_visibility(
    organization, staff_member, executive_leader
):
    waiting = ResourceFactory(
        status=ResourceStatus.PENDING,
        organization=organization,
        visibility=ResourceVisibility.LEADERSHIP,
    )
    assert not may_see_resource(staff_member, waiting)
    assert may_see_resource(executive_leader, waiting)


@pytest.mark.parametrize("name", sorted(SEES))
def test_the_queryset_and_the_single_check_agree(request, resources, executive_leader, name):
    user = {"anonymous": None, "director_without_2fa": None}.get(name)
    if name not in ("anonymous", "director_without_2fa"):
        user = request.getfixturevalue(name)
    viewer = viewer_for(user)
    listed = set(visible_resources(viewer).values_list("pk", flat=True))
    for resource in resources.values():
        assert (resource.pk in listed) == may_see_resource(viewer, resource)
