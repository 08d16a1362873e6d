"""Private files: stored outside MEDIA_ROOT, checked by their content, served only by a view.

The one way the portal keeps uploaded documents that are not for everyone (applicants'
supporting PDFs, shared resources, proposal documents, meeting minutes):

- `PrivateStorage` keeps them in settings.PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT (which a
  development server serves), under random names (`private_upload_path`), with no URL.
- `check_upload` decides what a file is from its bytes, never from its name or the type the
  browser declared (`sniff`), refuses anything not in the allowed kinds or above the size limit
  (settings.PRIVATE_UPLOAD_MAX_BYTES), and returns its `FileKind`. `CheckedFileField` is the form
  field that runs it.
- `serve_private_file` answers a download once the caller's view has checked the viewer's
  permission (this module knows no app and no rule of who may see what): always an attachment
  under a safe name, with the content type of the checked kind, `X-Content-Type-Options:
  nosniff` and `Cache-Control: private, no-store`.

The kinds: PDF; Office Open XML documents (docx, xlsx, pptx; macro-enabled variants refused);
OpenDocument text, spreadsheet and presentation (without macros); legacy Word and Excel
(OLE2, read with `olefile`; files carrying VBA macros refused); PNG and JPEG images (decoded by
Pillow). Images may carry EXIF data such as a GPS position: `without_image_metadata` redraws
them without it, and callers storing images use it.
"""

from __future__ import annotations

import io
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

import olefile
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from PIL import Image, UnidentifiedImageError


class PrivateStorage(FileSystemStorage):
    """Files no URL serves: they reach people only through a view that checks permission.

    They live in settings.PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, under random names.
    """

    def __init__(self, **kwargs):
        super().__init__(location=settings.PRIVATE_MEDIA_ROOT, base_url=None, **kwargs)

    def url(self, name):
        raise NotImplementedError("Private files have no public URL.")


def private_storage() -> PrivateStorage:
    """The storage for a FileField (`storage=private_storage`): a callable, so that the
    migrations do not record the path, and tests can point PRIVATE_MEDIA_ROOT elsewhere."""
    return PrivateStorage()


@dataclass(frozen=True)
class FileKind:
    """What a checked file is: `name` (e.g. "docx"), the extension it is stored and served
    under, the content type it is served with, and a label for people."""

    name: str
    extension: str
    content_type: str
    label: str


KINDS: dict[str, FileKind] = {
    kind.name: kind
    for kind in (
        FileKind("pdf", "pdf", "application/pdf", "PDF"),
        FileKind(
            "docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word document",
        ),
        FileKind(
            "xlsx",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Excel spreadsheet",
        ),
        FileKind(
            "pptx",
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "PowerPoint presentation",
        ),
        FileKind("odt", "odt", "application/vnd.oasis.opendocument.text", "OpenDocument text"),
        FileKind(
            "ods",
            "ods",
            "application/vnd.oasis.opendocument.spreadsheet",
            "OpenDocument spreadsheet",
        ),
        FileKind(
            "odp",
            "odp",
            "application/vnd.oasis.opendocument.presentation",
            "OpenDocument presentation",
        ),
        FileKind("doc", "doc", "application/msword", "Word 97-2003 document"),
        FileKind("xls", "xls", "application/vnd.ms-excel", "Excel 97-2003 spreadsheet"),
        FileKind("png", "png", "image/png", "PNG image"),
        FileKind("jpeg", "jpg", "image/jpeg", "JPEG image"),
    )
}
DOCUMENT_KINDS = frozenset(KINDS)
PDF_ONLY = frozenset({"pdf"})

# --- Sniffing --------------------------------------------------------------------------------

PDF_HEADER = re.compile(rb"^%PDF-(1\.[0-7]|2\.0)")
# The PDF specification lets the end marker be followed by an end-of-line and a little padding.
PDF_TAIL_BYTES = 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# A zip whose members would expand beyond this, or with more members, is refused unread
# (a "zip bomb" costs nothing to upload).
ZIP_MAX_MEMBERS = 5000
ZIP_MAX_EXPANDED_BYTES = 200 * 1024 * 1024
ZIP_PART_READ_LIMIT = 1024 * 1024

# Office Open XML: the main part and its (macro-free) content type, per kind.
OOXML_MAIN_PARTS = {
    "docx": (
        "word/document.xml",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xlsx": (
        "xl/workbook.xml",
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
    "pptx": (
        "ppt/presentation.xml",
        b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}


def is_pdf(content: bytes) -> bool:
    """A plausible PDF: the header, at least one object, and the end marker near the end."""
    if not PDF_HEADER.match(content):
        return False
    if b"%%EOF" not in content[-PDF_TAIL_BYTES:]:
        return False
    return re.search(rb"\d+\s+\d+\s+obj\b", content) is not None and b"endobj" in content


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as member:
        return member.read(ZIP_PART_READ_LIMIT)


def _sniff_zip(content: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
        if len(members) > ZIP_MAX_MEMBERS:
            return None
        if sum(member.file_size for member in members) > ZIP_MAX_EXPANDED_BYTES:
            return None
        names = {member.filename for member in members}
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            return None  # macros
        if "[Content_Types].xml" in names:
            types = _read_member(archive, "[Content_Types].xml")
            if b"macroEnabled" in types:
                return None
            for kind, (main_part, main_type) in OOXML_MAIN_PARTS.items():
                if main_part in names and main_type in types:
                    return kind
            return None
        # OpenDocument: the first member is "mimetype", stored uncompressed (ODF 1.2, 3.3).
        first = members[0] if members else None
        if first is None or first.filename != "mimetype":
            return None
        if first.compress_type != zipfile.ZIP_STORED or "content.xml" not in names:
            return None
        if any(name.startswith(("Basic/", "Scripts/")) for name in names):
            return None  # macros
        return ODF_MIMETYPES.get(_read_member(archive, "mimetype").strip())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, ValueError):
        return None
    except NotImplementedError:  # a compression method zipfile does not know
        return None


def _sniff_ole(content: bytes) -> str | None:
    try:
        with olefile.OleFileIO(io.BytesIO(content)) as ole:
            entries = ole.listdir(streams=True, storages=True)
        streams = {"/".join(entry).lower() for entry in entries}
    except (OSError, ValueError, IndexError, TypeError, RecursionError):
        return None
    if any(
        part in {"macros", "_vba_project_cur", "vba"}
        for stream in streams
        for part in stream.split("/")
    ):
        return None  # VBA macros
    if "worddocument" in streams:
        return "doc"
    if "workbook" in streams or "book" in streams:
        return "xls"
    return None


def _sniff_image(content: bytes) -> str | None:
    try:
        with Image.open(io.BytesIO(content)) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    return {"PNG": "png", "JPEG": "jpeg"}.get(image_format)


def sniff(content: bytes) -> FileKind | None:
    """The kind of file `content` is, from its bytes alone, or None for anything else.

    A zip that is neither a macro-free Office Open XML document nor an OpenDocument file, an
    OLE2 file that is neither a Word nor an Excel file or that carries macros, an image that
    does not decode, are all None.
    """
    name = None
    if content.startswith(b"%PDF-"):
        name = "pdf" if is_pdf(content) else None
    elif content.startswith(ZIP_SIGNATURE):
        name = _sniff_zip(content)
    elif content.startswith(OLE_SIGNATURE):
        name = _sniff_ole(content)
    elif content.startswith((PNG_SIGNATURE, JPEG_SIGNATURE)):
        name = _sniff_image(content)
    return KINDS.get(name) if name else None


# --- Checking an upload ----------------------------------------------------------------------


def max_upload_bytes() -> int:
    """settings.PRIVATE_UPLOAD_MAX_BYTES: the largest private upload, in bytes."""
    return settings.PRIVATE_UPLOAD_MAX_BYTES


def describe_kinds(allowed: Iterable[str]) -> str:
    """ "a PDF, a Word document or a PNG image": the allowed kinds in words, for messages."""
    labels = [_article(KINDS[name].label) for name in KINDS if name in set(allowed)]
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + f" or {labels[-1]}"


def _article(label: str) -> str:
    return f"an {label}" if label[0] in "AEIOU" else f"a {label}"


def check_upload(
    upload,
    *,
    allowed: Iterable[str] = DOCUMENT_KINDS,
    max_bytes: int | None = None,
    subject: str = "The file",
) -> FileKind:
    """Return the kind of `upload` (a Django UploadedFile or File) from its content.

    Raises ValidationError (code "too_large", "empty" or "wrong_kind") with a message that
    starts with `subject`, when the file is over `max_bytes` (default
    settings.PRIVATE_UPLOAD_MAX_BYTES), empty, or not one of the `allowed` kind names (keys of
    KINDS). The file is left at position 0.
    """
    allowed = frozenset(allowed)
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    too_large = ValidationError(
        f"{subject} can be at most {filesizeformat(limit)}. Choose a smaller file.",
        code="too_large",
    )
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise too_large
    upload.seek(0)
    content = upload.read(limit + 1)
    upload.seek(0)
    if len(content) > limit:
        raise too_large
    if not content:
        raise ValidationError(f"{subject} is empty. Choose another file.", code="empty")
    kind = sniff(content)
    if kind is None or kind.name not in allowed:
        raise ValidationError(
            f"{subject} must be {describe_kinds(allowed)}.",
            code="wrong_kind",
        )
    return kind


class CheckedFileField(forms.FileField):
    """A file field that runs `check_upload`: the cleaned upload carries `checked_kind`.

    `allowed` (kind names), `max_bytes` (None: the setting) and `subject` (the start of the
    messages, e.g. "The minutes") are passed on to `check_upload`.
    """

    def __init__(self, *, allowed=DOCUMENT_KINDS, max_bytes=None, subject="The file", **kwargs):
        self.allowed = frozenset(allowed)
        self.max_bytes = max_bytes
        self.subject = subject
        kinds = describe_kinds(self.allowed)
        limit = filesizeformat(max_upload_bytes() if max_bytes is None else max_bytes)
        kwargs.setdefault("help_text", f"{kinds[0].upper()}{kinds[1:]}, up to {limit}.")
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload is not initial and hasattr(upload, "read") and upload is not False:
            upload.checked_kind = check_upload(
                upload, allowed=self.allowed, max_bytes=self.max_bytes, subject=self.subject
            )
        return upload


def without_image_metadata(content: bytes, kind: FileKind) -> bytes:
    """PNG or JPEG `content` redrawn without metadata (EXIF with a GPS position, comments);
    any other kind is returned unchanged. Raises ValidationError if the image does not decode."""
    if kind.name not in {"png", "jpeg"}:
        return content
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            # A fresh image from the pixels alone: no info, no EXIF, no text chunks.
            clean = Image.frombytes(image.mode, image.size, image.tobytes())
            if image.mode == "P":
                clean.putpalette(image.getpalette())
            output = io.BytesIO()
            if kind.name == "png":
                clean.save(output, format="PNG", optimize=False)
            else:
                clean.convert("RGB").save(output, format="JPEG", quality=90)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError("The image could not be read.", code="wrong_kind") from error
    return output.getvalue()


def private_upload_path(folder: str, kind: FileKind) -> str:
    """A random name under `folder` (e.g. "resources/2026/3f2a...e1.pdf"): the uploaded name is
    never used on disk, and the extension is the checked kind's."""
    return f"{folder}/{timezone.now():%Y}/{uuid.uuid4().hex}.{kind.extension}"


# --- Serving ---------------------------------------------------------------------------------

_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9 ._()-]+")


def safe_filename(title: str, extension: str) -> str:
    """A download name from `title` plus ".extension": ASCII letters, digits, spaces and
    `._()-` only (accents folded, anything else becomes "-"), at most 100 characters before
    the extension, never empty, never starting with a dot."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    stem = _UNSAFE_IN_NAME.sub("-", folded).strip(" .-")[:100].strip(" .-") or "document"
    return f"{stem}.{extension}"


def kind_of_stored(name: str) -> FileKind:
    """The kind of a stored file, from the extension `private_upload_path` gave it (which was
    the checked kind's). Raises Http404 for a name no check produced."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    for kind in KINDS.values():
        if kind.extension == extension:
            return kind
    raise Http404("Unknown file kind.")


def kind_label_of_stored(name: str) -> str:
    """The label of a stored file's kind ("PDF", "Word document"), or "" for a name no check
    produced."""
    try:
        return kind_of_stored(name).label
    except Http404:
        return ""


def serve_private_file(field_file, *, title: str, kind: FileKind | None = None) -> FileResponse:
    """The download of `field_file` (a FieldFile in PrivateStorage), once the CALLER has checked
    that the viewer may have it.

    Always an attachment named `safe_filename(title, kind.extension)`, with the kind's content
    type (`kind`, or the stored name's), `X-Content-Type-Options: nosniff` and `Cache-Control:
    private, no-store`. Raises Http404 when there is no file or it is missing from the disk.
    """
    if not field_file:
        raise Http404("No file.")
    kind = kind or kind_of_stored(field_file.name)
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The file is missing.") from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_filename(title, kind.extension),
        content_type=kind.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
