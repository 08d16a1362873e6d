"""An organization's name is unique by its comparison key (filled by 0005), which replaces the
case-insensitive constraint on Lower("name"); applications' keys get an index for the duplicate
check."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("partners", "0005_organization_name_key")]

    operations = [
        migrations.AlterField(
            model_name="organization",
            name="name_key",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=400,
                unique=True,
                verbose_name="name as compared",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="organization",
            name="organization_name_ci_unique",
        ),
        migrations.AlterField(
            model_name="application",
            name="organization_name_key",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=400),
        ),
    ]
