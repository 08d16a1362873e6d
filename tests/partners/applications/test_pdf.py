"""The PDF check reads the content: the name and the declared type prove nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from partners.applications.pdf import check_pdf, is_pdf

GOOD = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def upload(content: bytes, name: str = "file.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_minimal_pdf_passes():
    check_pdf(upload(GOOD))
    assert is_pdf(GOOD)


def test_a_pdf_20_with_padding_after_the_end_marker_passes():
    assert is_pdf(GOOD.replace(b"%PDF-1.7", b"%PDF-2.0") + b"\r\n  \n")


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"%PDF-1.7\n",  # header only
        GOOD[:-7],  # no %%EOF: truncated
        b"%PDF-9.9" + GOOD[8:],  # no such version
        b" " + GOOD,  # the header must come first
        b"%PDF-1.7\n%%EOF\n" + b"x" * 40,  # no object at all, marker not at the end
        b"GIF89a" + GOOD,
        b"MZ\x90\x00" + b"\x00" * 100,
    ],
)
def test_what_is_not_a_pdf_is_refused(content):
    with pytest.raises(ValidationError):
        check_pdf(upload(content))


def test_the_size_limit():
    with pytest.raises(ValidationError, match="at most"):
        check_pdf(upload(GOOD), max_bytes=len(GOOD) - 1)
    check_pdf(upload(GOOD), max_bytes=len(GOOD))
