"""The reminder engine's record of what it sent (cate_portal.reminders): one row per reminder,
unique per kind, key and number, the claim that keeps two overlapping runs from sending twice."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cate_portal", "0004_single_line_text_fields"),
    ]

    operations = [
        migrations.CreateModel(
            name="SentReminder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        help_text="The reminder kind (send_reminders --kind).", max_length=50
                    ),
                ),
                (
                    "key",
                    models.CharField(
                        help_text="What it is about, e.g. “organization:12”, “proposal:3/organization:12/opened”.",
                        max_length=200,
                    ),
                ),
                (
                    "number",
                    models.PositiveIntegerField(
                        help_text="1 for the first reminder of this kind about this key, 2 for the next, …"
                    ),
                ),
                (
                    "about",
                    models.CharField(
                        help_text="Who or what it was about, for people.", max_length=200
                    ),
                ),
                (
                    "recipients",
                    models.TextField(help_text="The addresses it was sent to, one a line."),
                ),
                ("sent_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "reminder sent",
                "verbose_name_plural": "reminders sent",
                "ordering": ["-sent_at", "-pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "key", "number"), name="sent_reminder_once_per_number"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("number__gte", 1)),
                        name="sent_reminder_numbers_start_at_one",
                    ),
                ],
            },
        ),
    ]
