"""The first sectors, services and populations; the Coalition Director edits them in admin."""

from django.db import migrations
from django.utils.text import slugify

SECTORS = (
    "Nonprofit service provider",
    "Government agency",
    "Law enforcement",
    "Prosecution",
    "Healthcare",
    "Legal services",
    "Education",
    "Faith community",
    "Business",
    "Funder",
    "Other",
)
# (name, is_residential): an organization offering shelter or housing never publishes its address.
SERVICES = (
    ("Case management", False),
    ("Emergency shelter", True),
    ("Transitional housing", True),
    ("Legal services", False),
    ("Immigration legal services", False),
    ("Medical care", False),
    ("Mental health", False),
    ("Substance use treatment", False),
    ("Hotline", False),
    ("Street outreach", False),
    ("Investigation", False),
    ("Victim-witness services", False),
    ("Training", False),
    ("Prevention and awareness", False),
    ("Youth services", False),
    ("Labor-trafficking response", False),
    ("Job training", False),
    ("Interpretation", False),
)
POPULATIONS = (
    "Adults",
    "Minors",
    "Foreign nationals",
    "U.S. citizens",
    "Women",
    "Men",
    "LGBTQ+",
)


def load(apps, schema_editor):
    Sector = apps.get_model("partners", "Sector")
    Service = apps.get_model("partners", "Service")
    Population = apps.get_model("partners", "Population")
    for order, name in enumerate(SECTORS):
        Sector.objects.get_or_create(slug=slugify(name), defaults={"name": name, "order": order})
    for order, (name, residential) in enumerate(SERVICES):
        Service.objects.get_or_create(
            slug=slugify(name),
            defaults={"name": name, "order": order, "is_residential": residential},
        )
    for order, name in enumerate(POPULATIONS):
        Population.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
