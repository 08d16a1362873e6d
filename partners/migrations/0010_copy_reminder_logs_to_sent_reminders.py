"""Copies partners' reminder log into the reminder engine's SentReminder (cate_portal), so the
reminders sent before the engine still count: keyed "organization:<pk>", numbered per
organization and kind in the order they were sent. Reversed, the rows go back to the log."""

from django.db import migrations

#: ReminderLog.kind to the reminder engine's kind names (send_reminders --kind).
KINDS = {"profile_review": "profile-review", "agreement": "agreement"}
KEY_PREFIX = "organization:"


def copy_reminder_logs(apps, schema_editor):
    ReminderLog = apps.get_model("partners", "ReminderLog")
    SentReminder = apps.get_model("cate_portal", "SentReminder")
    numbers: dict[tuple[str, str], int] = {}
    rows = []
    logs = ReminderLog.objects.select_related("organization").order_by("sent_at", "pk")
    for log in logs.iterator(chunk_size=1000):
        kind, key = KINDS[log.kind], f"{KEY_PREFIX}{log.organization_id}"
        numbers[kind, key] = numbers.get((kind, key), 0) + 1
        rows.append(
            SentReminder(
                kind=kind,
                key=key,
                number=numbers[kind, key],
                about=log.organization.name[:200],
                recipients=log.recipients,
                sent_at=log.sent_at,
            )
        )
    SentReminder.objects.bulk_create(rows, batch_size=1000)


def copy_back_to_reminder_logs(apps, schema_editor):
    ReminderLog = apps.get_model("partners", "ReminderLog")
    Organization = apps.get_model("partners", "Organization")
    SentReminder = apps.get_model("cate_portal", "SentReminder")
    old_kinds = {new: old for old, new in KINDS.items()}
    sent = SentReminder.objects.filter(kind__in=old_kinds, key__startswith=KEY_PREFIX)
    organizations = set(Organization.objects.values_list("pk", flat=True))
    for row in sent.order_by("sent_at", "pk").iterator(chunk_size=1000):
        organization_id = int(row.key.removeprefix(KEY_PREFIX))
        if organization_id not in organizations:
            continue  # deleted since: the log's rows went with their organization
        log = ReminderLog.objects.create(
            organization_id=organization_id, kind=old_kinds[row.kind], recipients=row.recipients
        )
        # sent_at is auto_now_add there: set the original time after the insert.
        ReminderLog.objects.filter(pk=log.pk).update(sent_at=row.sent_at)
    sent.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0009_application_transition_system_actor"),
        ("cate_portal", "0005_sentreminder"),
    ]

    operations = [
        migrations.RunPython(copy_reminder_logs, copy_back_to_reminder_logs),
    ]
