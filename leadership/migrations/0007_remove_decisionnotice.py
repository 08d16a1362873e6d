"""DecisionNotice is gone: SentReminder (cate_portal) holds every notice sent."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("leadership", "0006_copy_decision_notices_to_sent_reminders"),
    ]

    operations = [
        migrations.DeleteModel(
            name="DecisionNotice",
        ),
    ]
