"""Minutes of an event: Markdown shown through a sanitizer, or a PDF kept outside MEDIA_ROOT.

Markdown is turned into HTML by `markdown` and then cleaned by `nh3` (Rust's ammonia): only
ordinary text markup survives (no script, style, iframe, form, image, event-handler attribute
or javascript: link), and every link gets rel="noopener noreferrer". The PDF goes through the
ground's private files (cate_portal.private_files): checked by its content, stored under a
random name in PRIVATE_MEDIA_ROOT, and served only by the event's minutes view after
`leadership.permissions.may_see_minutes`, as an attachment with nosniff.
"""

from __future__ import annotations

import markdown
import nh3
from django.http import FileResponse
from django.utils.safestring import SafeString, mark_safe

from cate_portal.private_files import (
    KINDS,
    PDF_ONLY,
    check_upload,
    private_upload_path,
    serve_private_file,
)

#: The tags minutes may use: text, lists, tables, links, headings. Nothing that runs or embeds.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
SUBJECT = "The minutes"


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


def check_pdf(upload) -> None:
    """Raises ValidationError unless `upload` is a PDF (by its content) within the size limit
    (settings.PRIVATE_UPLOAD_MAX_BYTES)."""
    check_upload(upload, allowed=PDF_ONLY, subject=SUBJECT)


def store_pdf(event, upload) -> None:
    """Checks the PDF and puts it on `event.minutes_file` under a random name (not saved)."""
    kind = check_upload(upload, allowed=PDF_ONLY, subject=SUBJECT)
    upload.seek(0)
    event.minutes_file.save(private_upload_path("minutes", kind), upload, save=False)


def pdf_response(event) -> FileResponse:
    """The minutes PDF as a download. The caller has checked the viewer may see the minutes.
    Http404 when there is none or it is missing."""
    return serve_private_file(event.minutes_file, title=f"Minutes {event.title}", kind=KINDS["pdf"])
