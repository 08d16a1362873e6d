"""partners' reminder log is gone: SentReminder (cate_portal) holds every reminder sent."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0010_copy_reminder_logs_to_sent_reminders"),
    ]

    operations = [
        migrations.DeleteModel(
            name="ReminderLog",
        ),
    ]
