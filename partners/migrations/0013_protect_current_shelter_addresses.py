"""Issue 10, rule 10: the street addresses of the organizations that offer shelter or housing now
become protected.

A street address stored as "Public" for such an organization was never shown publicly (the
shelter rule floored it to partners only): it is stored as "Partners only", what it already
was in effect, since a protected address can never be public. Each change is recorded in the
organization's history, by the system, with the reason, and with its counties and services as
they are (simple-history keeps them with each record).

Not named load*: tests/conftest.py reruns the load* data migrations before transactional tests.
"""

from django.db import migrations
from django.utils import timezone

REASON = "Street address protected: the organization offers shelter or housing"


def protect_current_shelter_addresses(apps, schema_editor):
    Organization = apps.get_model("partners", "Organization")
    HistoricalOrganization = apps.get_model("partners", "HistoricalOrganization")
    m2m_history = {
        "counties": apps.get_model("partners", "HistoricalOrganization_counties"),
        "services": apps.get_model("partners", "HistoricalOrganization_services"),
    }
    residential = (
        Organization.objects.filter(street_address_protected=False, services__is_residential=True)
        .distinct()
        .order_by("pk")
    )
    tracked = [
        field.attname
        for field in HistoricalOrganization._meta.fields
        if not field.name.startswith("history_")
    ]
    now = timezone.now()
    for organization in residential:
        organization.street_address_protected = True
        update_fields = ["street_address_protected"]
        if organization.street_address_visibility == "public":
            organization.street_address_visibility = "partners"
            update_fields.append("street_address_visibility")
        organization.save(update_fields=update_fields)

        record = HistoricalOrganization.objects.create(
            **{attname: getattr(organization, attname) for attname in tracked},
            history_date=now,
            history_type="~",
            history_change_reason=REASON,
            history_user=None,
        )
        for name, model in m2m_history.items():
            through = getattr(Organization, name).through
            target = "area" if name == "counties" else "service"
            model.objects.bulk_create(
                model(
                    history=record,
                    id=row.pk,
                    organization_id=row.organization_id,
                    **{f"{target}_id": getattr(row, f"{target}_id")},
                )
                for row in through.objects.filter(organization_id=organization.pk)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0012_organization_street_address_protected"),
    ]

    operations = [
        # Backwards, the field goes away with 0012: nothing to undo here.
        migrations.RunPython(protect_current_shelter_addresses, migrations.RunPython.noop),
    ]
