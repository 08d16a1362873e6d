"""Spanish names for the reference resource topics (by slug); a name already edited is kept."""

from django.db import migrations

SPANISH_NAMES = {
    "training-materials": "Materiales de capacitación",
    "protocols": "Protocolos",
    "referral-guides": "Guías de derivación",
    "labor-trafficking": "Trata laboral",
    "sex-trafficking": "Trata sexual",
    "youth": "Juventud",
    "survivor-leadership": "Liderazgo de sobrevivientes",
}


def load(apps, schema_editor):
    ResourceTopic = apps.get_model("leadership", "ResourceTopic")
    for slug, name_es in SPANISH_NAMES.items():
        ResourceTopic.objects.filter(slug=slug, name_es="").update(name_es=name_es)


class Migration(migrations.Migration):
    dependencies = [("leadership", "0011_add_resource_topic_spanish_name")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
