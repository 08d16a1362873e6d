"""Spanish names for the reference sectors, services, populations and languages (by slug).

Only empty ``name_es`` fields are filled: a name the Coalition Director already edited in the
admin is kept. Terms added later get their Spanish name in the admin."""

from django.db import migrations

SPANISH_NAMES = {
    "Sector": {
        "nonprofit-service-provider": "Proveedor de servicios sin fines de lucro",
        "government-agency": "Agencia gubernamental",
        "law-enforcement": "Fuerzas del orden",
        "prosecution": "Fiscalía",
        "healthcare": "Atención médica",
        "legal-services": "Servicios legales",
        "education": "Educación",
        "faith-community": "Comunidad de fe",
        "business": "Empresa",
        "funder": "Financiador",
        "other": "Otro",
    },
    "Service": {
        "case-management": "Gestión de casos",
        "emergency-shelter": "Refugio de emergencia",
        "transitional-housing": "Vivienda de transición",
        "legal-services": "Servicios legales",
        "immigration-legal-services": "Servicios legales de inmigración",
        "medical-care": "Atención médica",
        "mental-health": "Salud mental",
        "substance-use-treatment": "Tratamiento por consumo de sustancias",
        "hotline": "Línea de ayuda",
        "street-outreach": "Acercamiento en la calle",
        "investigation": "Investigación",
        "victim-witness-services": "Servicios para víctimas y testigos",
        "training": "Capacitación",
        "prevention-and-awareness": "Prevención y sensibilización",
        "youth-services": "Servicios para jóvenes",
        "labor-trafficking-response": "Respuesta a la trata laboral",
        "job-training": "Formación para el empleo",
        "interpretation": "Interpretación",
    },
    "Population": {
        "adults": "Personas adultas",
        "minors": "Menores de edad",
        "foreign-nationals": "Personas extranjeras",
        "us-citizens": "Ciudadanos de EE. UU.",
        "women": "Mujeres",
        "men": "Hombres",
        "lgbtq": "Personas LGBTQ+",
    },
    "Language": {
        "english": "Inglés",
        "spanish": "Español",
        "asl": "Lengua de señas americana (ASL)",
        "arabic": "Árabe",
        "bosnian": "Bosnio",
        "vietnamese": "Vietnamita",
        "chinese": "Chino",
        "french": "Francés",
        "swahili": "Suajili",
        "somali": "Somalí",
        "haitian-creole": "Criollo haitiano",
        "kiche": "K'iche'",
        "marshallese": "Marshalés",
        "korean": "Coreano",
        "russian": "Ruso",
        "ukrainian": "Ucraniano",
        "tagalog": "Tagalo",
        "portuguese": "Portugués",
        "burmese": "Birmano",
        "nepali": "Nepalí",
        "dari": "Darí",
        "pashto": "Pastún",
        "hindi": "Hindi",
        "german": "Alemán",
    },
}


def load(apps, schema_editor):
    for model_name, names in SPANISH_NAMES.items():
        model = apps.get_model("partners", model_name)
        for slug, name_es in names.items():
            model.objects.filter(slug=slug, name_es="").update(name_es=name_es)


class Migration(migrations.Migration):
    dependencies = [("partners", "0018_add_spanish_names_and_description")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
