"""The coalition's data as one versioned JSON file, and its restore into an empty database.

``export_coalition`` and ``import_coalition`` (management commands of the same names) serve
moving the coalition's records between databases (SQLite and PostgreSQL, one host to another)
and a portable copy kept beside the PostgreSQL dumps that are the production backups
(README, docs/operations.md).

The format (``FORMAT``, version ``FORMAT_VERSION``)::

    {"format": "cate-portal-coalition", "version": 1, "exported_at": "<ISO 8601, UTC>",
     "migrations": ["<app>.<migration>", ...],       # the schema the rows belong to
     "models": [{"model": "<app_label>.<ModelName>", "rows": [{"pk": ..., "fields": {...}}]}],
     "files": [{"model": ..., "field": ..., "name": ..., "sha256": ..., "base64": ...}]}

- ``models`` lists every model of every installed app, history tables and many-to-many tables
  included (each many-to-many table is its own entry; the models' own rows leave those fields
  out), in dependency order: a model comes after every model it refers to, cycles aside.
  Rows are Django's serialization of each field, with timestamps written to the microsecond.
  References to content types and permissions are written by their natural keys, since a
  fresh database numbers them its own way; every other reference is the primary key.
- Left out: content types and permissions (``migrate`` makes them), and sessions (everyone signs
  in again after a restore).
- ``files``: every file a current row refers to (logos, applicants' private supporting
  documents), its content in base64 with its SHA-256, so one file holds everything. The export
  is therefore as confidential as the database itself: password hashes, two-factor secrets,
  private documents and protected street addresses are in it.

The restore writes rows verbatim, in bulk, inside one transaction, without the services that
every other write goes through: a restore is not a change made by someone, it puts back records
as they were, history included (running the services would add history entries, send e-mails,
and refuse states the rules reached through the past). It refuses a database that holds
anything beyond what ``migrate`` writes (the reference data registered with
``register_reference_model``, which the restore replaces by the exported rows), a file of
another format or version, and an export made on another schema.
"""

import base64
import binascii
import contextlib
import datetime
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Serializer as PythonSerializer
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from cate_portal import page_cache

FORMAT = "cate-portal-coalition"
FORMAT_VERSION = 1
#: Made by ``migrate`` (content types, permissions) or not worth restoring (sessions).
LEFT_OUT = frozenset({"contenttypes.contenttype", "auth.permission", "sessions.session"})
_BATCH = 500

_reference_models: set[str] = set()


class BackupError(Exception):
    """An export or restore that cannot be done; the message says why, for the person running it."""


def register_reference_model(label: str) -> None:
    """Declares that a data migration fills `label` ("app_label.ModelName"): a fresh database
    holds its rows, and a restore replaces them by the exported ones. Called from ``ready()``."""
    _reference_models.add(label.lower())


def reference_models() -> frozenset[str]:
    """The labels (lower case) registered with ``register_reference_model``."""
    return frozenset(_reference_models)


def coalition_models() -> list[type[models.Model]]:
    """Every model exported, many-to-many tables included, each after the models it refers to."""
    chosen = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in LEFT_OUT and not model._meta.proxy
    ]
    chosen.sort(key=lambda model: model._meta.label_lower)
    depends_on = {
        model: {
            field.related_model._meta.concrete_model
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model is not None
        }
        - {model}
        for model in chosen
    }
    ordered: list[type[models.Model]] = []
    remaining = list(chosen)
    while remaining:
        ready = [m for m in remaining if not (depends_on[m] & set(remaining))] or remaining[:1]
        ordered.extend(ready)
        remaining = [m for m in remaining if m not in ready]
    return ordered


class _CoalitionSerializer(PythonSerializer):
    """Django's serializer, with content types and permissions written by natural key."""

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = field.related_model in (ContentType, Permission)
        if field.related_model is ContentType:
            value = getattr(obj, field.attname)
            content_type = ContentType.objects.get_for_id(value) if value else None
            self._current[field.name] = content_type.natural_key() if content_type else None
            return
        super().handle_fk_field(obj, field)


class _Encoder(DjangoJSONEncoder):
    """Timestamps to the microsecond (Django's encoder keeps milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _own_fields(model) -> list[str]:
    return [field.name for field in model._meta.concrete_fields if not field.primary_key]


def _applied_migrations(using: str) -> list[str]:
    applied = MigrationRecorder(connections[using]).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied)


def _file_fields(model) -> list[models.FileField]:
    if model._meta.auto_created or model.__name__.startswith("Historical"):
        return []  # history keeps names; the files are the current rows'
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def export_data(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Everything ``import_data`` needs, in the format of the module's docstring."""
    sections, files = [], []
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if outermost and connection.vendor == "postgresql":
            # Every query of the export sees the same snapshot, while the portal keeps serving.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for model in coalition_models():
            queryset = model._base_manager.using(using).order_by("pk")
            rows = _CoalitionSerializer().serialize(queryset, fields=_own_fields(model))
            for row in rows:
                del row["model"]
            sections.append({"model": model._meta.label, "rows": rows})
            for field in _file_fields(model):
                names = queryset.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                for name in names:
                    files.extend(_read_file(model, field, name))
        migrations = _applied_migrations(using)
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "migrations": migrations,
        "models": sections,
        "files": files,
    }


def _read_file(model, field, name: str) -> list[dict]:
    if not name or not field.storage.exists(name):
        return []  # a row naming a lost file: nothing to copy, the restore keeps the name
    with field.storage.open(name, "rb") as handle:
        content = handle.read()
    return [
        {
            "model": model._meta.label,
            "field": field.name,
            "name": name,
            "sha256": hashlib.sha256(content).hexdigest(),
            "base64": base64.b64encode(content).decode("ascii"),
        }
    ]


def export_to(path: Path | str, *, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Writes the export to `path`; returns the number of rows per model label (non-empty)."""
    data = export_data(using=using)
    Path(path).write_text(json.dumps(data, cls=_Encoder, ensure_ascii=False), encoding="utf-8")
    return {s["model"]: len(s["rows"]) for s in data["models"] if s["rows"]}


def rows_in_the_way(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows that make the database not empty: any model's, but the reference models' (label:
    count)."""
    found = {}
    for model in coalition_models():
        if model._meta.label_lower in _reference_models:
            continue
        count = model._base_manager.using(using).count()
        if count:
            found[model._meta.label] = count
    return found


def _check_header(data: Any, using: str) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError("This file is not an export of the CATE portal (export_coalition).")
    if data.get("version") != FORMAT_VERSION:
        raise BackupError(
            f"This export is in format version {data.get('version')!r}; this portal reads "
            f"version {FORMAT_VERSION}. Restore it with the portal's version that made it."
        )
    here = _applied_migrations(using)
    if data.get("migrations") != here:
        missing = sorted(set(data.get("migrations") or []) - set(here))
        extra = sorted(set(here) - set(data.get("migrations") or []))
        raise BackupError(
            "The export was made on another version of the database schema "
            f"(only in the export: {', '.join(missing) or 'none'}; only here: "
            f"{', '.join(extra) or 'none'}). Migrate this database to the export's version "
            "(or restore with the portal's version that made it)."
        )


def import_data(data: Any, *, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Restores `data` (``export_data``'s shape) into an empty database, in one transaction.

    Returns the rows written per model label. Raises ``BackupError`` (nothing written) when the
    file is not a readable export of this format and schema, the database is not empty, or a
    file to restore exists already with other content.
    """
    _check_header(data, using)
    in_the_way = rows_in_the_way(using=using)
    if in_the_way:
        tables = sorted(in_the_way.items(), key=lambda item: (-item[1], item[0]))
        listed = ", ".join(f"{count} {label}" for label, count in tables[:5])
        more = f" and {len(tables) - 5} more tables" if len(tables) > 5 else ""
        raise BackupError(
            "import_coalition restores into an empty database, and this one holds data "
            f"({listed}{more}). Create a new database, run `manage.py migrate`, then import."
        )
    files = list(_decode_files(data.get("files") or []))
    written_files: list[tuple[Any, str]] = []
    counts: dict[str, int] = {}
    try:
        with transaction.atomic(using=using):
            restored = []
            for section in data["models"]:
                model = apps.get_model(section["model"])
                if model._meta.label_lower in _reference_models:
                    model._base_manager.using(using).all().delete()
                counts[model._meta.label] = _insert(model, section["rows"], using)
                restored.append(model)
            _reset_sequences(restored, using)
            for storage, name, content in files:
                if storage.exists(name):
                    continue  # same content (checked by _decode_files)
                if storage.save(name, ContentFile(content)) != name:
                    raise BackupError(f"The file {name} could not be written under its name.")
                written_files.append((storage, name))
    except BackupError:
        _remove(written_files)
        raise
    except Exception as error:
        _remove(written_files)
        raise BackupError(
            f"The export could not be restored, nothing was written: {error}"
        ) from error
    # bulk_create sends no signals: the cached pages showed the database before the restore.
    page_cache.bump_after_commit()
    return {label: count for label, count in counts.items() if count}


def _insert(model, rows: list[dict], using: str) -> int:
    label = model._meta.label
    objects = [
        deserialized.object
        for deserialized in serializers.deserialize(
            "python", ({"model": label, **row} for row in rows), using=using
        )
    ]
    with _stored_timestamps_kept(model):
        model._base_manager.using(using).bulk_create(objects, batch_size=_BATCH)
    return len(objects)


@contextlib.contextmanager
def _stored_timestamps_kept(model):
    """bulk_create stamps ``auto_now``/``auto_now_add`` fields with the current time; a
    restore keeps the exported ones (as ``loaddata``'s raw saves do). The fields' flags are
    switched off for the insert: the restore runs alone, in a management command."""
    stamped = [
        (field, field.auto_now, field.auto_now_add)
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    for field, _, _ in stamped:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in stamped:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _reset_sequences(restored: Iterable, using: str) -> None:
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), list(restored))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _decode_files(entries: list[dict]):
    for entry in entries:
        try:
            model = apps.get_model(entry["model"])
            storage = model._meta.get_field(entry["field"]).storage
            name = entry["name"]
            content = base64.b64decode(entry["base64"], validate=True)
        except (KeyError, LookupError, binascii.Error, TypeError) as error:
            raise BackupError(f"A file entry of the export is damaged: {error}") from error
        if hashlib.sha256(content).hexdigest() != entry.get("sha256"):
            raise BackupError(f"The file {name} does not match its checksum in the export.")
        if storage.exists(name):
            with storage.open(name, "rb") as handle:
                if handle.read() != content:
                    raise BackupError(
                        f"The file {name} exists already with other content: restore into "
                        "empty media folders (MEDIA_ROOT, PRIVATE_MEDIA_ROOT)."
                    )
        yield storage, name, content


def _remove(written: list[tuple[Any, str]]) -> None:
    for storage, name in written:
        storage.delete(name)


def import_from(path: Path | str, *, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Reads the export at `path` and restores it (``import_data``)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise BackupError(f"No such file: {path}") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"{path} is not a JSON export: {error}") from error
    return import_data(data, using=using)
