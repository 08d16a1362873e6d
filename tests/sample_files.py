"""Small valid (and deliberately broken) files of every kind cate_portal.private_files knows,
built in memory for tests: no binary fixture is committed."""

import io
import struct
import zipfile

from PIL import Image

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"

OOXML_TYPES = {
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
}


def ooxml(kind: str = "docx", *, macro: bool = False, extra: dict | None = None) -> bytes:
    """A minimal Office Open XML package of `kind` ("docx", "xlsx", "pptx")."""
    part, suffix = OOXML_TYPES[kind]
    content_type = (
        "application/vnd.ms-word.document.macroEnabled.main+xml"
        if macro
        else f"application/vnd.openxmlformats-officedocument.{suffix}"
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr(part, "<document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def odf(mimetype: str = "application/vnd.oasis.opendocument.text", *, extra=None) -> bytes:
    """A minimal OpenDocument package: "mimetype" first and stored, then content.xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


OOXML_CONTENT_TYPES_DOCX = (
    '<Types><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _entry(name: str, kind: int, *, right=NOSTREAM, child=NOSTREAM, start=END, size=0) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", NOSTREAM, right, child)
        + b"\0" * 16
        + struct.pack("<I", 0)
        + b"\0" * 16
        + struct.pack("<IQ", start, size)
    )


def ole(*names: str, storages: tuple[str, ...] = ()) -> bytes:
    """A minimal OLE2 compound file (version 3) holding streams `names` of 4,096 bytes each
    (no mini stream needed) and empty storages `storages`: enough for olefile to list them."""
    stream_sectors = 8
    entries = [("Root Entry", 5)] + [(n, 2) for n in names] + [(s, 1) for s in storages]
    assert len(entries) <= 4
    directory = b""
    sector = 2
    for index, (name, kind) in enumerate(entries):
        right = index + 1 if 0 < index < len(entries) - 1 else NOSTREAM
        if kind == 5:
            directory += _entry(name, 5, child=1 if len(entries) > 1 else NOSTREAM)
        elif kind == 2:
            directory += _entry(name, 2, right=right, start=sector, size=4096)
            sector += stream_sectors
        else:
            directory += _entry(name, 1, right=right)
    directory = directory.ljust(512, b"\0")
    fat = [FATSECT, END]
    for first in range(2, sector, stream_sectors):
        fat += [*range(first + 1, first + stream_sectors), END]
    fat_sector = struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
        + struct.pack("<I", 0)
        + b"\xff" * (108 * 4)
    )
    assert len(header) == 512
    return header + fat_sector + directory + b"\x01" * (512 * (sector - 2))


# The OLE2 signature and nothing more: olefile must refuse it, not crash.
OLE_HEADER_ONLY = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


def image(image_format: str = "PNG", *, exif: bytes | None = None) -> bytes:
    """A 4x4 image in `image_format`, with `exif` data when given."""
    buffer = io.BytesIO()
    picture = Image.new("RGB", (4, 4), (200, 30, 30))
    options = {"exif": exif} if exif else {}
    picture.save(buffer, format=image_format, **options)
    return buffer.getvalue()
