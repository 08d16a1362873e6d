"""export_coalition and import_coalition (cate_portal/backup.py): a versioned JSON export of
every row of every model and the files they refer to, restored verbatim into an empty
database in one transaction."""

import base64
import json

import pytest
from django.apps import apps as django_apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import FileField

from cate_portal import backup, page_cache
from cate_portal.models import ContactMessage
from partners.models import Application, Organization
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def wipe() -> None:
    """Leaves the database as `migrate` leaves it: only the reference data."""
    with connection.cursor() as cursor:
        for model in reversed(backup.coalition_models()):
            if model._meta.label_lower not in backup.reference_models():
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608 - a table name from the model


def without_time(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "exported_at"}


def read(path) -> dict:
    return json.loads(path.read_text())


@pytest.fixture
def coalition(django_capture_on_commit_callbacks):
    """The demo coalition (history, decisions, votes, agreements), plus files and a few rows
    the demo does not make."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", verbosity=0)
    organization = Organization.objects.order_by("pk").first()
    organization.logo.save("logos/backup-test.png", ContentFile(PNG), save=True)
    application = ApplicationFactory()
    application.supporting_document.save("applications/2026/backup-test.pdf", ContentFile(PDF))
    ContactMessage.objects.create(
        name="Jo Visitor", email="jo@example.org", message="Café ☕ and\nnewline"
    )
    # References by natural key: permissions (groups, users) and content types (admin log).
    reviewers = Group.objects.create(name="Reviewers")
    reviewers.permissions.add(Permission.objects.get(codename="view_application"))
    director = get_user_model().objects.get(email="director@cate.example.org")
    director.groups.add(reviewers)
    director.user_permissions.add(Permission.objects.get(codename="change_organization"))
    LogEntry.objects.log_actions(
        user_id=director.pk, queryset=[organization], action_flag=CHANGE, change_message="Logo"
    )
    return {"logo": organization.logo.name, "document": application.supporting_document.name}


def stored_file_names() -> set[str]:
    """The name of every file a row of the database points to (file fields of every model)."""
    names = set()
    for model in django_apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, FileField):
                names |= {n for n in model._default_manager.values_list(field.name, flat=True) if n}
    return names


def test_a_fresh_database_holds_only_the_registered_reference_data():
    assert backup.rows_in_the_way() == {}


def test_the_round_trip_restores_every_row_of_every_model_and_every_file(coalition, tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    call_command("export_coalition", str(first), verbosity=0)
    exported = read(first)
    assert exported["format"] == "cate-portal-coalition" and exported["version"] == 1
    non_empty = {s["model"] for s in exported["models"] if s["rows"]}
    assert {
        "partners.Organization",
        "partners.HistoricalOrganization",
        "leadership.Vote",
        "partners.Organization_counties",
        "cate_portal.User",
        "mfa.Authenticator",
        "partners.Application",
        "cate_portal.ContactMessage",
        "admin.LogEntry",
        "auth.Group_permissions",
        "cate_portal.User_groups",
        "cate_portal.User_user_permissions",
    } <= non_empty
    permission = next(s for s in exported["models"] if s["model"] == "auth.Group_permissions")
    assert permission["rows"][0]["fields"]["permission"] == [
        "view_application",
        "partners",
        "application",
    ]
    # Every stored file of every model (the demo's logos too), the two made above among them.
    assert {f["name"] for f in exported["files"]} == stored_file_names() >= set(coalition.values())

    wipe()
    storage = Organization._meta.get_field("logo").storage
    private = Application._meta.get_field("supporting_document").storage
    storage.delete(coalition["logo"])
    private.delete(coalition["document"])
    assert Organization.objects.count() == 0

    call_command("import_coalition", str(first), verbosity=0)
    call_command("export_coalition", str(second), verbosity=0)
    restored = read(second)
    for before, after in zip(exported["models"], restored["models"], strict=True):
        assert before["model"] == after["model"]
        assert len(before["rows"]) == len(after["rows"]), before["model"]
        differing = [(b, a) for b, a in zip(before["rows"], after["rows"], strict=True) if a != b]
        assert differing == [], before["model"]
    assert without_time(restored) == without_time(exported)
    assert storage.open(coalition["logo"]).read() == PNG
    assert private.open(coalition["document"]).read() == PDF
    # New rows get fresh keys after the restored ones (sequences were moved on PostgreSQL).
    UserFactory()
    ApplicationFactory()


def test_every_model_is_listed_after_the_models_it_refers_to(tmp_path):
    ordered = backup.coalition_models()
    labels = [model._meta.label_lower for model in ordered]
    assert "partners.historicalorganization" in labels
    assert "partners.organization_services" in labels
    assert not set(labels) & backup.LEFT_OUT
    for position, model in enumerate(ordered):
        for field in model._meta.concrete_fields:
            target = field.related_model
            if field.is_relation and target is not None and target is not model:
                if target._meta.label_lower in backup.LEFT_OUT:
                    continue
                assert labels.index(target._meta.label_lower) < position, (model, target)


def test_import_refuses_a_database_holding_data_and_writes_nothing(tmp_path):
    path = tmp_path / "export.json"
    call_command("export_coalition", str(path), verbosity=0)
    UserFactory()
    users = list(UserFactory._meta.model.objects.values_list("pk", flat=True))
    with pytest.raises(CommandError, match=r"restores into an empty database.*1 cate_portal.User"):
        call_command("import_coalition", str(path), verbosity=0)
    assert list(UserFactory._meta.model.objects.values_list("pk", flat=True)) == users


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda data: data.update(version=2), "format version 2"),
        (lambda data: data.update(format="something else"), "not an export"),
        (lambda data: data["migrations"].pop(), "another version of the database schema"),
        (
            lambda data: data["files"].append(
                {
                    "model": "partners.Organization",
                    "field": "logo",
                    "name": "logos/x.png",
                    "base64": "aGk=",
                    "sha256": "0" * 64,
                }
            ),
            "checksum",
        ),
    ],
)
def test_import_refuses_a_file_it_cannot_restore_faithfully(tmp_path, change, message):
    path = tmp_path / "export.json"
    call_command("export_coalition", str(path), verbosity=0)
    data = read(path)
    change(data)
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match=message):
        call_command("import_coalition", str(path), verbosity=0)


def test_a_damaged_row_restores_nothing_at_all(organization, tmp_path):
    organization.logo.save("logos/backup-damaged.png", ContentFile(PNG), save=True)
    coalition = {"logo": organization.logo.name}
    UserFactory.create_batch(2)
    path = tmp_path / "export.json"
    call_command("export_coalition", str(path), verbosity=0)
    data = read(path)
    wipe()
    Organization._meta.get_field("logo").storage.delete(coalition["logo"])
    users = next(s for s in data["models"] if s["model"] == "cate_portal.User")
    users["rows"].append({**users["rows"][0]})  # the same key twice
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_coalition", str(path), verbosity=0)
    assert backup.rows_in_the_way() == {}
    assert not Organization._meta.get_field("logo").storage.exists(coalition["logo"])


def test_a_file_that_is_not_json_is_refused_clearly(tmp_path):
    path = tmp_path / "export.json"
    path.write_text("not json")
    with pytest.raises(CommandError, match="is not a JSON export"):
        call_command("import_coalition", str(path), verbosity=0)
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_coalition", str(tmp_path / "missing.json"), verbosity=0)


def test_a_restore_retires_the_cached_pages_once_its_rows_are_in(coalition, tmp_path, monkeypatch):
    """The restore writes with bulk_create, which sends no signals: it retires the cached
    pages itself, after its rows are in, rather than count on the signals of the reference
    rows it replaces (cate_portal/page_cache.py)."""
    path = tmp_path / "export.json"
    call_command("export_coalition", str(path), verbosity=0)
    wipe()
    organizations_seen = []
    monkeypatch.setattr(
        page_cache,
        "bump_after_commit",
        lambda: organizations_seen.append(Organization.objects.count()),
    )

    call_command("import_coalition", str(path), verbosity=0)

    assert organizations_seen == [Organization.objects.count()]
    assert organizations_seen[0] > 0
