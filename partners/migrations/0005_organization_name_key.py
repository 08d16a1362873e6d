"""Organization names are compared by one key (cate_portal.text.comparison_key): the column
Organization.name_key and Application.organization_name_key, filled for the existing rows.

The columns come in without an index here; 0006 makes name_key unique (and replaces the
case-insensitive constraint) once every row has its key. Two organizations whose names already
share a key stop the migration with their names, since only a person can say which to rename.
"""

from django.db import migrations, models

import cate_portal.text

# As partners.models.organizations.NAME_KEY_LENGTH when this was written.
NAME_KEY_LENGTH = 400


def _key(name: str) -> str:
    return cate_portal.text.comparison_key(name or "")[:NAME_KEY_LENGTH]


def fill_name_keys(apps, schema_editor):
    Organization = apps.get_model("partners", "Organization")
    Application = apps.get_model("partners", "Application")
    by_key: dict[str, list[str]] = {}
    organizations = list(Organization.objects.only("pk", "name").order_by("pk"))
    for organization in organizations:
        organization.name_key = _key(organization.name)
        by_key.setdefault(organization.name_key, []).append(organization.name)
    clashes = [names for names in by_key.values() if len(names) > 1]
    if clashes:
        listed = "; ".join(" / ".join(f"“{name}”" for name in names) for names in clashes)
        raise RuntimeError(
            "These organizations' names are the same once compared ignoring capitals, spacing "
            f"and punctuation: {listed}. Rename all but one of each (in the admin of the version "
            "still running, or in the database), then migrate again."
        )
    Organization.objects.bulk_update(organizations, ["name_key"], batch_size=500)
    applications = list(Application.objects.only("pk", "organization_name"))
    for application in applications:
        application.organization_name_key = _key(application.organization_name)
    Application.objects.bulk_update(applications, ["organization_name_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("partners", "0004_applications")]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="name_key",
            field=models.CharField(
                blank=True, editable=False, max_length=400, verbose_name="name as compared"
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="organization_name_key",
            field=models.CharField(blank=True, editable=False, max_length=400),
        ),
        migrations.AlterField(
            model_name="organization",
            name="name",
            field=models.CharField(
                max_length=200,
                validators=[
                    cate_portal.text.validate_single_line,
                    cate_portal.text.validate_comparable_name,
                ],
            ),
        ),
        migrations.AlterField(
            model_name="historicalorganization",
            name="name",
            field=models.CharField(
                max_length=200,
                validators=[
                    cate_portal.text.validate_single_line,
                    cate_portal.text.validate_comparable_name,
                ],
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="organization_name",
            field=models.CharField(
                max_length=200,
                validators=[
                    cate_portal.text.validate_single_line,
                    cate_portal.text.validate_comparable_name,
                ],
                verbose_name="organization name",
            ),
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop),
    ]
