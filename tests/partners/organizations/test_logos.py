"""Logos (issue 10, rule 5): every upload path, the portal's profile and the admin's
organization form, checks the type by content, strips all metadata and re-encodes to PNG."""

import datetime
import io
import re
import struct

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image, PngImagePlugin

from partners.models import Organization, OrganizationStatus
from partners.organizations.logo import NOT_AN_IMAGE
from tests.conftest import sign_in_with_second_factor
from tests.factories import OrganizationFactory
from tests.partners.people.test_views import profile_data

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
SECRET = "Safe house at 77 Sentinel Row"  # what the metadata must not carry into the portal


def _exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"  # Make
    exif[0x9286] = SECRET  # UserComment
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (38.0, 57.0, 3.0), 3: "W", 4: (92.0, 20.0, 1.0)})  # Columbia, MO
    return exif


def jpeg_with_gps() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "teal").save(
        buffer, format="JPEG", exif=_exif_with_gps(), comment=SECRET.encode()
    )
    return buffer.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET)
    info.add_text("Location", SECRET, zip=True)  # a compressed zTXt chunk
    info.add_itxt("Description", SECRET)
    buffer = io.BytesIO()
    Image.new("RGBA", (64, 48), "teal").save(
        buffer, format="PNG", pnginfo=info, exif=_exif_with_gps()
    )
    return buffer.getvalue()


IMAGES = {
    "jpeg-with-gps": ("logo.jpg", "image/jpeg", jpeg_with_gps),
    "png-with-text": ("logo.png", "image/png", png_with_text),
}


def png_chunk_types(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    types, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        types.append(data[offset + 4 : offset + 8])
        offset += 12 + length
    return types


def assert_clean_png(data: bytes) -> None:
    # Only the chunks that hold the pixels: no eXIf, tEXt, zTXt, iTXt, tIME, pHYs or iCCP.
    assert set(png_chunk_types(data)) <= {b"IHDR", b"IDAT", b"IEND"}
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        assert not image.getexif()
        assert not image.getexif().get_ifd(GPS_IFD)
        assert not image.text
    assert SECRET.encode() not in data


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    # Files outlive the test database's rollback: each test stores its logos apart.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(params=["admin", "portal"])
def path(request, client, organization):
    """Uploads a file as a logo through one path; returns the response."""
    if request.param == "admin":
        sign_in_with_second_factor(client, request.getfixturevalue("totp_director"))
        url = reverse("admin:partners_organization_change", args=[organization.pk])

        def upload(file, **extra):
            return client.post(url, {**admin_form_data(client, url), "logo": file, **extra})

    else:
        client.force_login(request.getfixturevalue("primary_contact"))
        url = reverse("portal:profile", args=[organization.slug])

        def upload(file, **extra):
            data = profile_data(sector=str(organization.sector_id))
            return client.post(url, {**data, "logo_upload": file, **extra})

    upload.name = request.param
    return upload


def admin_form_data(client, url) -> dict:
    """The admin change form as the page shows it, ready to post back."""
    form = client.get(url).context["adminform"].form
    data = {"memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"}
    for name in form.fields:
        value = form[name].value()
        if name == "logo" or value in (None, False):
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(getattr(item, "pk", item)) for item in value]
        else:
            data[name] = str(value)
    return data


@pytest.mark.parametrize("image", IMAGES)
def test_an_uploaded_logo_is_stored_as_a_png_without_any_metadata(path, organization, image):
    name, content_type, make = IMAGES[image]
    original = make()
    with Image.open(io.BytesIO(original)) as source:  # the upload does carry what must go
        assert source.getexif().get_ifd(GPS_IFD)

    response = path(SimpleUploadedFile(name, original, content_type=content_type))

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.logo.name == f"logos/{organization.slug}.png"
    with organization.logo.open("rb") as stored:
        assert_clean_png(stored.read())


def test_a_file_that_is_not_an_image_is_refused_with_a_message(path, organization):
    fake = SimpleUploadedFile("logo.png", b"<?php system($_GET['c']); ?>", content_type="image/png")

    response = path(fake)

    assert response.status_code == 200
    assert NOT_AN_IMAGE in response.content.decode()
    organization.refresh_from_db()
    assert not organization.logo


def test_a_new_logo_replaces_the_old_file_under_the_same_name(path, organization):
    path(SimpleUploadedFile("first.jpg", jpeg_with_gps(), content_type="image/jpeg"))
    path(SimpleUploadedFile("second.png", png_with_text(), content_type="image/png"))

    organization.refresh_from_db()
    assert organization.logo.name == f"logos/{organization.slug}.png"
    with organization.logo.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (64, 48)  # the second upload's
    others = [f for f in default_storage.listdir("logos")[1] if f.startswith(organization.slug)]
    assert others == [f"{organization.slug}.png"]  # no copy of the first left behind


def test_a_logo_removed_in_the_admin_is_deleted_from_storage(director_client, organization):
    url = reverse("admin:partners_organization_change", args=[organization.pk])
    director_client.post(
        url,
        {
            **admin_form_data(director_client, url),
            "logo": SimpleUploadedFile("logo.jpg", jpeg_with_gps(), content_type="image/jpeg"),
        },
    )
    organization.refresh_from_db()
    stored = organization.logo.name
    assert default_storage.exists(stored)

    response = director_client.post(
        url, {**admin_form_data(director_client, url), "logo-clear": "on"}
    )

    assert response.status_code == 302
    organization.refresh_from_db()
    assert not organization.logo
    assert not default_storage.exists(stored)  # no longer served at /media/


# --- Shown on the directory and profiles (issue 16), while the profile is public ----------------


def give_logo(organization, colour: str = "teal"):
    """Stores a clean logo on the organization, as the profile form would."""
    from partners.organizations.logo import process_logo, store_logo

    buffer = io.BytesIO()
    Image.new("RGB", (200, 80), colour).save(buffer, format="PNG")
    store_logo(organization, process_logo(SimpleUploadedFile("l.png", buffer.getvalue())))
    organization.save(update_fields=["logo", "updated_at"])
    return organization


def logo_images(html: str) -> list[str]:
    return re.findall(r'<img [^>]*class="partner-logo"[^>]*>', html)


def test_directory_and_profile_show_a_logo_with_alt_text_and_fixed_dimensions(client):
    with_logo = give_logo(OrganizationFactory(name="Ozark Lantern"))
    OrganizationFactory(name="No Logo Partner")

    directory = client.get(reverse("partners:directory")).content.decode()
    profile = client.get(with_logo.get_absolute_url()).content.decode()

    [card_logo] = logo_images(directory)
    assert 'alt="Logo of Ozark Lantern"' in card_logo
    assert 'width="56" height="56"' in card_logo
    assert f'src="/partners/{with_logo.slug}/logo.png?v=' in card_logo
    [profile_logo] = logo_images(profile)
    assert 'alt="Logo of Ozark Lantern"' in profile_logo
    assert 'width="96" height="96"' in profile_logo
    # The media file itself is never linked: only the view that checks visibility.
    assert "/media/" not in directory and "/media/" not in profile


def test_logo_is_served_while_the_organization_is_active_and_never_after(client):
    organization = give_logo(OrganizationFactory())
    url = reverse("partners:logo", kwargs={"slug": organization.slug})

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
    assert "no-cache" in response["Cache-Control"] and "public" in response["Cache-Control"]

    organization.status = OrganizationStatus.INACTIVE
    organization.save(update_fields=["status"])
    assert client.get(url).status_code == 404
    assert "logo.png" not in client.get(reverse("partners:directory")).content.decode()


def test_logo_request_for_an_organization_without_one_is_a_404(client):
    organization = OrganizationFactory()

    assert (
        client.get(reverse("partners:logo", kwargs={"slug": organization.slug})).status_code == 404
    )
    assert client.get("/partners/no-such-partner/logo.png").status_code == 404


def test_unchanged_logo_is_answered_304_to_a_cache_asking_again(client):
    organization = give_logo(OrganizationFactory())
    url = reverse("partners:logo", kwargs={"slug": organization.slug})
    etag = client.get(url)["ETag"]

    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_replaced_logo_gets_a_new_address(client):
    organization = give_logo(OrganizationFactory())
    Organization.objects.filter(pk=organization.pk).update(
        updated_at=timezone.now() - datetime.timedelta(hours=1)
    )

    def logo_src() -> str:
        html = client.get(organization.get_absolute_url()).content.decode()
        return re.search(r'src="([^"]+logo\.png[^"]*)"', html).group(1)

    before = logo_src()
    give_logo(Organization.objects.get(pk=organization.pk), colour="navy")

    assert logo_src() != before


def test_directory_with_logos_keeps_its_query_count_at_two_sizes(client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for index in range(3):
        give_logo(OrganizationFactory(name=f"Logo Partner {index:03}"))
    with CaptureQueriesContext(connection) as small:
        html = client.get(reverse("partners:directory")).content.decode()
    assert len(logo_images(html)) == 3

    for index in range(3, 20):
        give_logo(OrganizationFactory(name=f"Logo Partner {index:03}"))
    with django_assert_num_queries(len(small)):
        html = client.get(reverse("partners:directory")).content.decode()
    assert len(logo_images(html)) == 20
