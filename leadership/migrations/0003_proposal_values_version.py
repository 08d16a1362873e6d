import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("leadership", "0002_term_no_overlap_on_postgresql"),
        ("partners", "0003_shared_values_sponsorship_funding"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalproposal",
            name="values_version",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="For a proposal to adopt a shared values version: the draft to adopt.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="partners.valuesversion",
            ),
        ),
        migrations.AddField(
            model_name="proposal",
            name="values_version",
            field=models.ForeignKey(
                blank=True,
                help_text="For a proposal to adopt a shared values version: the draft to adopt.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="proposals",
                to="partners.valuesversion",
            ),
        ),
        migrations.AddConstraint(
            model_name="proposal",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kind", "adopt_values"), ("values_version__isnull", True), _connector="OR"
                ),
                name="proposal_values_version_only_to_adopt_values",
            ),
        ),
    ]
