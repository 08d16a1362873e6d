"""Files attached to a form that fails validation, kept for the next submit (docs/forms.md).

A person who attached a PDF or a logo and made a mistake elsewhere should not have to attach it
again. The file is held on the server, outside MEDIA_ROOT (under PRIVATE_MEDIA_ROOT/held/, so no
URL serves it), under a random name bound to the session that sent it, for HELD_FILE_SECONDS at
most; expired files are removed whenever a file is held, and a held file is removed once the
form succeeds or the person removes it. The page shows "attached: name.pdf" with a remove box;
choosing another file replaces it.

Use `KeepsFilesMixin` on a FormView; the crispy template bootstrap5/layout/field_file.html
shows the held file.
"""

import re
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

HELD_FILE_SECONDS = 60 * 60
SESSION_KEY = "held_files"
HELD_SUFFIX = "__held"
REMOVE_SUFFIX = "__remove"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def held_root() -> Path:
    """Where held files wait: PRIVATE_MEDIA_ROOT/held, never under MEDIA_ROOT."""
    return Path(settings.PRIVATE_MEDIA_ROOT) / "held"


def remove_expired(now: float | None = None) -> int:
    """Deletes held files older than HELD_FILE_SECONDS; returns how many."""
    root = held_root()
    if not root.is_dir():
        return 0
    limit = (now or time.time()) - HELD_FILE_SECONDS
    removed = 0
    for path in root.iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def hold(request, upload) -> str:
    """Keeps `upload` for this session; returns its token (a random name, no user text)."""
    import secrets

    remove_expired()
    token = secrets.token_urlsafe(24)
    root = held_root()
    root.mkdir(parents=True, exist_ok=True)
    upload.seek(0)
    with open(root / token, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    upload.seek(0)
    held = dict(request.session.get(SESSION_KEY, {}))
    held[token] = {
        "name": Path(upload.name or "file").name[:200],
        "content_type": getattr(upload, "content_type", "") or "application/octet-stream",
        "at": time.time(),
    }
    request.session[SESSION_KEY] = held
    return token


def take(request, token: str) -> SimpleUploadedFile | None:
    """The file held under `token` for this session, or None (unknown, another session's,
    expired or removed)."""
    if not token or not _TOKEN.match(token):
        return None
    meta = request.session.get(SESSION_KEY, {}).get(token)
    path = held_root() / token
    if not meta or time.time() - meta["at"] > HELD_FILE_SECONDS or not path.is_file():
        return None
    return SimpleUploadedFile(meta["name"], path.read_bytes(), meta["content_type"])


def discard(request, token: str) -> None:
    """Removes a held file of this session (unknown tokens are ignored)."""
    held = dict(request.session.get(SESSION_KEY, {}))
    if token in held and _TOKEN.match(token):
        held.pop(token)
        request.session[SESSION_KEY] = held
        (held_root() / token).unlink(missing_ok=True)


class KeepsFilesMixin:
    """For a FormView: files of a failed submit are held and come back with the next one."""

    def _file_fields(self, form=None) -> list[str]:
        form_class = self.get_form_class()
        fields = (form or form_class).base_fields if form is None else form.fields
        from django import forms

        return [name for name, field in fields.items() if isinstance(field, forms.FileField)]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method in ("POST", "PUT") and "files" in kwargs:
            files = MultiValueDict(kwargs["files"])
            data = self.request.POST
            for name in self._file_fields():
                token = data.get(name + HELD_SUFFIX, "")
                if data.get(name + REMOVE_SUFFIX):
                    discard(self.request, token)
                elif name not in files and token:
                    held = take(self.request, token)
                    if held is not None:
                        files[name] = held
            kwargs["files"] = files
        return kwargs

    def form_invalid(self, form):
        for name in self._file_fields(form):
            old = self.request.POST.get(name + HELD_SUFFIX, "")
            upload = form.files.get(name)
            if upload and name not in form.errors:
                if old:
                    discard(self.request, old)
                token = hold(self.request, upload)
                form.fields[name].held = {"name": Path(upload.name).name, "token": token}
        return super().form_invalid(form)

    def release_held_files(self) -> None:
        """Call once the form succeeded: its held files are no longer needed."""
        for name in self._file_fields():
            token = self.request.POST.get(name + HELD_SUFFIX, "")
            if token:
                discard(self.request, token)
