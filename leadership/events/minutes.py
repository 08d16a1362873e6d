"""Minutes of an event: Markdown shown through a sanitizer, or a PDF kept outside MEDIA_ROOT.

Markdown is turned into HTML by `markdown` and then cleaned by `nh3` (Rust's ammonia): only
ordinary text markup survives (no script, style, iframe, form, event-handler attribute or
javascript: link), and every link gets rel="noopener noreferrer". The PDF is checked by its
content (partners.applications.pdf), stored under a random name in PRIVATE_MEDIA_ROOT, and
served only by the event's minutes view after `leadership.permissions.may_see_minutes`.
"""

from __future__ import annotations

import uuid

import markdown
import nh3
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from partners.applications.pdf import is_pdf
from partners.models.applications import private_storage

MAX_MINUTES_PDF_BYTES = 10 * 1024 * 1024

#: The tags minutes may use: text, lists, tables, links, headings. Nothing that runs or embeds.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}


def render_markdown(text: str) -> SafeString:
    """Markdown to clean HTML, safe to put in a page as it is."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    # Safe: nh3 has removed every tag and attribute outside the lists above.
    return mark_safe(cleaned)  # noqa: S308  # nosec B308 B703


def check_pdf(upload, *, max_bytes: int = MAX_MINUTES_PDF_BYTES) -> None:
    """Raises ValidationError unless `upload` is a PDF (by its content) within the size limit."""
    size = getattr(upload, "size", None) or 0
    if size > max_bytes:
        raise ValidationError(
            _("Minutes can be at most %(size)s.") % {"size": filesizeformat(max_bytes)},
            code="too_large",
        )
    upload.seek(0)
    content = upload.read(max_bytes + 1)
    upload.seek(0)
    if len(content) > max_bytes or not is_pdf(content):
        raise ValidationError(_("The minutes must be a PDF file."), code="not_pdf")


def store_pdf(upload) -> str:
    """Checks and stores the PDF under a random name; returns the stored name."""
    check_pdf(upload)
    upload.seek(0)
    return private_storage().save(f"minutes/{uuid.uuid4().hex}.pdf", upload)


def pdf_response(event) -> FileResponse:
    """The minutes PDF as a download. The caller has checked the viewer may see the minutes."""
    if not event.minutes_file:
        raise Http404
    try:
        handle = private_storage().open(event.minutes_file, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"minutes-{event.pk}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
