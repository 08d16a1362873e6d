import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """The system (no person) may record a move of an application: the applicant or a person or
    neither, never both (cate_portal.actors)."""

    dependencies = [
        ("partners", "0008_history_of_invitations_and_values_versions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="applicationtransition",
            name="application_transition_has_an_actor",
        ),
        migrations.AlterField(
            model_name="applicationtransition",
            name="by_user",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty when the applicant acted (through the form or the status link) or the system did (cate_portal.actors).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="applicationtransition",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("by_applicant", False), ("by_user__isnull", True), _connector="OR"
                ),
                name="application_transition_one_actor",
            ),
        ),
    ]
