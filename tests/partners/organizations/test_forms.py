import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from partners.models import Visibility
from partners.organizations.forms import OrganizationProfileForm
from partners.organizations.logo import MAX_BYTES, process_logo
from tests.factories import area, service

pytestmark = pytest.mark.django_db


def image_bytes(fmt="PNG", size=(64, 48), exif=None) -> bytes:
    buffer = io.BytesIO()
    params = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, "teal").save(buffer, format=fmt, **params)
    return buffer.getvalue()


def upload(content: bytes, name="logo.png", content_type="image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- logo ----------------------------------------------------------------------------------


def test_real_png_is_accepted_and_reencoded_as_png():
    result = process_logo(upload(image_bytes(size=(64, 48))))
    with Image.open(io.BytesIO(result.read())) as image:
        assert image.format == "PNG"
        assert image.size == (64, 48)


def test_large_image_is_shrunk_to_512_pixels():
    result = process_logo(upload(image_bytes(size=(2000, 1000))))
    with Image.open(io.BytesIO(result.read())) as image:
        assert image.size == (512, 256)


def test_jpeg_metadata_is_stripped():
    exif = Image.Exif()
    exif[0x010E] = "secret shelter description"
    content = image_bytes("JPEG", exif=exif.tobytes())
    assert b"secret shelter description" in content
    result = process_logo(upload(content, "logo.jpg", "image/jpeg")).read()
    assert b"secret shelter description" not in result
    with Image.open(io.BytesIO(result)) as image:
        assert not image.getexif()


def test_text_file_renamed_png_is_refused():
    with pytest.raises(ValidationError) as caught:
        process_logo(upload(b"<?php echo 'hello'; ?>", "logo.png"))
    assert caught.value.code == "not_an_image"


def test_truncated_png_is_refused():
    with pytest.raises(ValidationError):
        process_logo(upload(image_bytes()[:60]))


def test_oversized_file_is_refused():
    content = image_bytes() + b"\0" * MAX_BYTES
    with pytest.raises(ValidationError) as caught:
        process_logo(upload(content))
    assert caught.value.code == "too_large"
    assert "2 MB" in caught.value.messages[0]


def test_unsupported_image_format_is_refused():
    with pytest.raises(ValidationError):
        process_logo(upload(image_bytes("BMP"), "logo.bmp", "image/bmp"))


# --- profile form --------------------------------------------------------------------------


def profile_form(organization, files=None, **overrides):
    data = {
        "description": "We help.",
        "sector": organization.sector_id,
        "public_email_visibility": Visibility.PUBLIC,
        "public_phone_visibility": Visibility.PUBLIC,
        "street_address_visibility": Visibility.STAFF,
        "mailing_address_visibility": Visibility.PARTNERS,
        "hotline_number_visibility": Visibility.PUBLIC,
        "counties": [area("Boone County").pk],
        "services": [service("case-management").pk],
    }
    data.update(overrides)
    return OrganizationProfileForm(data=data, files=files, instance=organization)


def test_profile_form_accepts_valid_data(organization):
    form = profile_form(organization, public_phone="314-555-0123")
    assert form.is_valid(), form.errors
    changes = form.changes()
    assert changes["public_phone"].as_e164 == "+13145550123"
    assert [c.name for c in changes["counties"]] == ["Boone County"]
    assert "logo" not in changes


def test_street_address_help_text_says_why_up_front(organization):
    help_text = profile_form(organization).fields["street_address_visibility"].help_text
    assert help_text.startswith("If your organization offers shelter or housing")
    assert "confidential to protect survivors" in help_text


@pytest.mark.parametrize("slug", ["emergency-shelter", "transitional-housing"])
def test_residential_service_forbids_public_street_address(organization, slug):
    form = profile_form(
        organization,
        services=[service(slug).pk, service("case-management").pk],
        street_address_visibility=Visibility.PUBLIC,
    )
    assert not form.is_valid()
    assert "confidential to protect survivors" in form.errors["street_address_visibility"][0]


@pytest.mark.parametrize("visibility", [Visibility.PARTNERS, Visibility.STAFF])
def test_residential_service_allows_restricted_street_address(organization, visibility):
    form = profile_form(
        organization,
        services=[service("emergency-shelter").pk],
        street_address_visibility=visibility,
    )
    assert form.is_valid(), form.errors


def test_non_residential_service_allows_public_street_address(organization):
    form = profile_form(organization, street_address_visibility=Visibility.PUBLIC)
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("field", ["public_phone", "hotline_number"])
@pytest.mark.parametrize("number", ["+44 20 7946 0958", "555-01", "not a phone"])
def test_phone_numbers_must_be_us_numbers(organization, field, number):
    form = profile_form(organization, **{field: number})
    assert not form.is_valid()
    assert field in form.errors


def test_fake_logo_is_a_form_error(organization):
    form = profile_form(organization, files={"logo_upload": upload(b"hello", "logo.png")})
    assert not form.is_valid()
    assert "not one" in form.errors["logo_upload"][0]


def test_real_logo_reaches_the_changes(organization):
    form = profile_form(organization, files={"logo_upload": upload(image_bytes())})
    assert form.is_valid(), form.errors
    assert form.changes()["logo"].name == "logo.png"


# --- invitation forms ----------------------------------------------------------------------
