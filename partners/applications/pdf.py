"""A check of uploaded PDF files by their content, not their name or declared type.

No PDF library is needed for what the application form asks: the file must start with the PDF
header (`%PDF-1.x` or `%PDF-2.0`), carry the end-of-file marker `%%EOF` near its end, and hold at
least one object (`obj` ... `endobj`). That refuses renamed images, executables, HTML and
truncated uploads. The file is never opened by the portal itself: the director downloads it.
"""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext, gettext_lazy

from cate_portal.private_files import is_pdf

MAX_PDF_BYTES = 5 * 1024 * 1024
PDF_MESSAGE = gettext_lazy("The supporting document must be a PDF file.")


def check_pdf(upload, *, max_bytes: int = MAX_PDF_BYTES) -> None:
    """Raises ValidationError unless `upload` (a Django UploadedFile) is a plausible PDF."""
    size = getattr(upload, "size", None)
    if size is None or size > max_bytes:
        raise ValidationError(
            gettext("The supporting document can be at most %(size)s.")
            % {"size": filesizeformat(max_bytes)},
            code="too_large",
        )
    if size < 32:
        raise ValidationError(PDF_MESSAGE, code="not_pdf")
    upload.seek(0)
    content = upload.read(max_bytes + 1)
    upload.seek(0)
    if len(content) > max_bytes:
        raise ValidationError(
            gettext("The supporting document can be at most %(size)s.")
            % {"size": filesizeformat(max_bytes)},
            code="too_large",
        )
    if not is_pdf(content):
        raise ValidationError(PDF_MESSAGE, code="not_pdf")
