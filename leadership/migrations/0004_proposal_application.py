"""A proposal to admit an organization names its application to join; its admission is
confirmed by the director.

Any proposal to admit an organization stored before this migration named no application, so it
could never approve one: it is recorded as a general proposal (its kind only; title, text and
votes are kept) before the constraints are added, so existing rows never break the migration.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def admit_proposals_without_application_become_general(apps, schema_editor):
    Proposal = apps.get_model("leadership", "Proposal")
    Proposal.objects.filter(kind="admit_organization", application__isnull=True).update(
        kind="general"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("leadership", "0003_proposal_values_version"),
        ("partners", "0004_applications"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalproposal",
            name="admission_confirmed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="historicalproposal",
            name="admission_confirmed_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalproposal",
            name="application",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="For a proposal to admit an organization: its application to join.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="partners.application",
            ),
        ),
        migrations.AddField(
            model_name="proposal",
            name="admission_confirmed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="proposal",
            name="admission_confirmed_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="proposal",
            name="application",
            field=models.ForeignKey(
                blank=True,
                help_text="For a proposal to admit an organization: its application to join.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="proposals",
                to="partners.application",
            ),
        ),
        migrations.RunPython(
            admit_proposals_without_application_become_general, migrations.RunPython.noop
        ),
        migrations.AddConstraint(
            model_name="proposal",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "admit_organization"), _negated=True),
                    ("application__isnull", False),
                    _connector="OR",
                ),
                name="proposal_admit_organization_names_its_application",
            ),
        ),
        migrations.AddConstraint(
            model_name="proposal",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kind", "admit_organization"), ("application__isnull", True), _connector="OR"
                ),
                name="proposal_application_only_to_admit_organization",
            ),
        ),
    ]
