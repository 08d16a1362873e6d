"""Private files: kinds decided by content, size limit, storage outside MEDIA_ROOT, downloads
always attachments with nosniff and no caching."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from PIL import Image

from cate_portal import private_files
from cate_portal.private_files import (
    KINDS,
    CheckedFileField,
    PrivateStorage,
    check_upload,
    private_upload_path,
    safe_filename,
    serve_private_file,
    sniff,
    without_image_metadata,
)
from tests import sample_files as samples

GOOD = {
    "pdf": samples.PDF,
    "docx": samples.ooxml("docx"),
    "xlsx": samples.ooxml("xlsx"),
    "pptx": samples.ooxml("pptx"),
    "odt": samples.odf(),
    "ods": samples.odf("application/vnd.oasis.opendocument.spreadsheet"),
    "odp": samples.odf("application/vnd.oasis.opendocument.presentation"),
    "doc": samples.ole("WordDocument"),
    "xls": samples.ole("Workbook"),
    "png": samples.image("PNG"),
    "jpeg": samples.image("JPEG"),
}


def upload(content: bytes, name: str = "file.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize("kind", sorted(GOOD))
def test_each_kind_is_recognized_by_its_content_whatever_its_name(kind):
    # Named .pdf and declared as a PDF: only the bytes count.
    assert check_upload(upload(GOOD[kind], "anything.pdf")) == KINDS[kind]
    assert sniff(GOOD[kind]).name == kind


def test_every_kind_has_a_sample():
    assert set(GOOD) == set(KINDS)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"<html><script>alert(1)</script></html>", id="html"),
        pytest.param(b"MZ\x90\x00" + b"\x00" * 100, id="executable"),
        pytest.param(samples.PDF[:40], id="truncated-pdf"),
        pytest.param(samples.plain_zip(), id="plain-zip"),
        pytest.param(samples.ooxml("docx", macro=True), id="macro-enabled-docm"),
        pytest.param(samples.ooxml("docx", extra={"word/vbaProject.bin": "x"}), id="docx-with-vba"),
        pytest.param(samples.odf(extra={"Basic/Standard/Module1.xml": "x"}), id="odt-with-macro"),
        pytest.param(samples.odf("application/x-evil"), id="odf-unknown-mimetype"),
        pytest.param(samples.ole("WordDocument", storages=("Macros",)), id="doc-with-macros"),
        pytest.param(samples.ole("Workbook", storages=("_VBA_PROJECT_CUR",)), id="xls-with-vba"),
        pytest.param(samples.ole("Contents"), id="ole-neither-word-nor-excel"),
        pytest.param(samples.OLE_HEADER_ONLY, id="ole-header-only"),
        pytest.param(samples.image("GIF"), id="gif"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + b"0" * 100, id="png-signature-only"),
        pytest.param(b"\xff\xd8\xff" + b"0" * 100, id="jpeg-signature-only"),
    ],
)
def test_what_is_not_an_allowed_kind_is_refused(content):
    assert sniff(content) is None
    with pytest.raises(ValidationError) as error:
        check_upload(upload(content), subject="The resource")
    assert error.value.code == "wrong_kind"
    assert error.value.messages[0].startswith("The resource must be a PDF, a Word document")


def test_a_zip_that_would_expand_too_far_is_refused_unread(monkeypatch):
    monkeypatch.setattr(private_files, "ZIP_MAX_EXPANDED_BYTES", 100)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", samples.OOXML_CONTENT_TYPES_DOCX)
        archive.writestr("word/document.xml", "0" * 1000)
    assert sniff(buffer.getvalue()) is None


def test_only_the_allowed_kinds_pass_and_the_message_names_them():
    with pytest.raises(ValidationError) as error:
        check_upload(upload(GOOD["docx"]), allowed={"pdf"}, subject="The minutes")
    assert error.value.messages == ["The minutes must be a PDF."]
    assert check_upload(upload(GOOD["pdf"]), allowed={"pdf"}).name == "pdf"


def test_the_size_limit_is_a_setting(settings):
    settings.PRIVATE_UPLOAD_MAX_BYTES = len(samples.PDF)
    assert check_upload(upload(samples.PDF)).name == "pdf"
    settings.PRIVATE_UPLOAD_MAX_BYTES = len(samples.PDF) - 1
    with pytest.raises(ValidationError) as error:
        check_upload(upload(samples.PDF))
    assert error.value.code == "too_large"
    assert "at most" in error.value.messages[0]


def test_a_file_whose_declared_size_lies_is_measured_by_reading(settings):
    settings.PRIVATE_UPLOAD_MAX_BYTES = 50
    lying = upload(samples.PDF)
    lying.size = 10
    with pytest.raises(ValidationError, match="at most"):
        check_upload(lying)


def test_an_empty_file_is_refused_with_its_own_message():
    with pytest.raises(ValidationError) as error:
        check_upload(upload(b""))
    assert error.value.code == "empty"


def test_the_checked_file_is_left_at_its_start():
    checked = upload(samples.PDF)
    check_upload(checked)
    assert checked.read() == samples.PDF


def test_the_form_field_checks_and_tells_the_kind():
    field = CheckedFileField(allowed={"pdf", "png"}, subject="The document")
    cleaned = field.clean(upload(samples.PDF))
    assert cleaned.checked_kind.name == "pdf"
    assert "PDF" in field.help_text and "PNG image" in field.help_text
    with pytest.raises(ValidationError, match="The document must be a PDF or a PNG image"):
        field.clean(upload(GOOD["docx"], "a.docx"))


def test_an_optional_form_field_accepts_nothing():
    assert CheckedFileField(required=False).clean(None) is None


def test_image_metadata_such_as_a_gps_position_is_removed():
    exif = Image.Exif()
    exif[0x010E] = "Shelter at 12 Hidden Lane"  # ImageDescription
    exif[0x8825] = {2: (38.0, 57.0, 0.0)}  # GPSInfo: a latitude
    for image_format, kind in (("JPEG", KINDS["jpeg"]), ("PNG", KINDS["png"])):
        original = samples.image(image_format, exif=exif.tobytes())
        assert b"Hidden Lane" in original
        clean = without_image_metadata(original, kind)
        assert b"Hidden Lane" not in clean
        assert sniff(clean) == kind
        with Image.open(io.BytesIO(clean)) as reopened:
            assert not reopened.getexif()
            assert reopened.size == (4, 4)
    assert without_image_metadata(samples.PDF, KINDS["pdf"]) == samples.PDF


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Referral guide 2026", "Referral guide 2026.pdf"),
        ("Guía de recursos", "Guia de recursos.pdf"),
        ('a"b\r\nContent-Type: text/html', "a-b-Content-Type- text-html.pdf"),
        ("../../etc/passwd", "etc-passwd.pdf"),
        ("", "document.pdf"),
        ("...", "document.pdf"),
        ("x" * 300, "x" * 100 + ".pdf"),
    ],
)
def test_download_names_are_safe(title, expected):
    assert safe_filename(title, "pdf") == expected


def test_private_files_live_outside_media_root_and_have_no_url(settings):
    storage = PrivateStorage()
    assert Path(storage.location) == Path(settings.PRIVATE_MEDIA_ROOT)
    assert not Path(storage.location).is_relative_to(Path(settings.MEDIA_ROOT))
    with pytest.raises(NotImplementedError):
        storage.url("resources/x.pdf")


def test_stored_names_are_random_and_carry_the_checked_kind():
    first = private_upload_path("resources", KINDS["docx"])
    second = private_upload_path("resources", KINDS["docx"])
    assert first != second
    assert first.startswith("resources/") and first.endswith(".docx")


@pytest.fixture
def stored_pdf():
    storage = PrivateStorage()
    name = storage.save(private_upload_path("tests", KINDS["pdf"]), ContentFile(samples.PDF))
    yield storage, name
    storage.delete(name)


def _field_file(storage, name):
    from django.db.models.fields.files import FieldFile

    class Holder:
        pass

    field = type("Field", (), {"storage": storage, "name": "document"})()
    return FieldFile(Holder(), field, name)


def test_a_served_file_is_an_attachment_with_nosniff_and_no_caching(stored_pdf):
    storage, name = stored_pdf
    response = serve_private_file(_field_file(storage, name), title='Protocol "v2"')
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Protocol -v2.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == samples.PDF


def test_a_missing_or_absent_file_is_not_found(stored_pdf):
    storage, _name = stored_pdf
    with pytest.raises(Http404):
        serve_private_file(_field_file(storage, "tests/2026/gone.pdf"), title="x")
    with pytest.raises(Http404):
        serve_private_file(_field_file(storage, ""), title="x")
    with pytest.raises(Http404):
        serve_private_file(_field_file(storage, "tests/2026/x.html"), title="x")
