"""Organization logos: checked by their content, never by their name, and re-encoded.

An upload is accepted only if Pillow recognizes it as an image in one of a few formats; it is
then redrawn into a fresh PNG at most MAX_SIDE pixels wide or high, so no metadata (EXIF with
GPS positions, comments, colour profiles) and nothing hidden after the image data survives.

Every path that changes a logo, the portal's profile form and the admin's organization form,
cleans the upload with `process_logo` and stores the result with `store_logo`.
"""

import io
from typing import Literal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 512
# Far above any real logo; refuses decompression bombs before they are decoded.
MAX_PIXELS = 25_000_000
ALLOWED_FORMATS = frozenset({"PNG", "JPEG", "GIF", "WEBP"})

NOT_AN_IMAGE = "Upload a PNG, JPEG, GIF or WebP image: this file is not one."
TOO_LARGE = "The logo must be at most 2 MB."
# For the upload fields of both forms.
ACCEPT = "image/png,image/jpeg,image/gif,image/webp"
HELP_TEXT = (
    f"A PNG, JPEG, GIF or WebP image of at most 2 MB. It is resized to at most {MAX_SIDE} "
    "pixels and saved as PNG, without the file's metadata (such as a GPS position)."
)


def process_logo(uploaded) -> ContentFile:
    """Returns the logo as a clean PNG, or raises ValidationError saying what is wrong."""
    if uploaded.size is not None and uploaded.size > MAX_BYTES:
        raise ValidationError(TOO_LARGE, code="too_large")
    try:
        uploaded.seek(0)
        with Image.open(uploaded) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
        if image_format not in ALLOWED_FORMATS:
            raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
        if width * height > MAX_PIXELS:
            raise ValidationError("This image is too large in pixels.", code="too_many_pixels")
        # verify() leaves the image unusable: open it again to decode it.
        uploaded.seek(0)
        with Image.open(uploaded) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGBA")
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None

    image.thumbnail((MAX_SIDE, MAX_SIDE))
    # A new image holding only the pixels: nothing of the original's metadata comes along.
    clean = Image.new("RGBA", image.size)
    clean.paste(image)
    buffer = io.BytesIO()
    clean.save(buffer, format="PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name="logo.png")


def store_logo(organization, logo: File | Literal[False]) -> bool:
    """Puts a logo from `process_logo` in place of the current one, or removes the current one
    when `logo` is False; the row itself is not saved. Returns whether the logo changed.

    The replaced file is deleted, so a logo taken down is no longer served, and the new one
    keeps the name logos/<slug>.png.
    """
    if logo is False:
        if not organization.logo:
            return False
        organization.logo.delete(save=False)
        return True
    if organization.logo:
        organization.logo.delete(save=False)
    organization.logo.save("logo.png", logo, save=False)
    return True
