"""The coalition's history for /about/: the first timeline entries, edited in admin afterwards."""

from django.db import migrations

ENTRIES = (
    (
        2005,
        "",
        "St. Louis Rescue and Restore Coalition",
        "The St. Louis Rescue and Restore Coalition forms, led by the International Institute of "
        "St. Louis, to identify and serve victims of human trafficking.",
    ),
    (
        2014,
        "",
        "CATE is born",
        "Grant stipulations move Rescue and Restore's focus to labor trafficking of foreign-born "
        "victims. The partners working on domestic sex trafficking form the Coalition Against "
        "Trafficking and Exploitation.",
    ),
    (
        2018,
        "",
        "Healing Action steps in",
        "Funding for the coalition's coordinator is lost. Healing Action steps in as the "
        "coalition's home and fiscal sponsor.",
    ),
    (
        2018,
        "March 2018",
        "A renewed coalition",
        "Stakeholder meetings begin; the membership approves an updated vision, mission and "
        "values, and fundraising starts.",
    ),
    (
        2019,
        "",
        "Statewide",
        "The coalition grows beyond St. Louis to serve organizations across Missouri.",
    ),
)


def load_timeline(apps, schema_editor):
    TimelineEntry = apps.get_model("cate_portal", "TimelineEntry")
    for order, (year, label, title, body) in enumerate(ENTRIES):
        TimelineEntry.objects.get_or_create(
            year=year, title=title, defaults={"label": label, "body": body, "order": order}
        )


def unload_timeline(apps, schema_editor):
    TimelineEntry = apps.get_model("cate_portal", "TimelineEntry")
    TimelineEntry.objects.filter(title__in=[title for _, _, title, _ in ENTRIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("cate_portal", "0002_load_missouri_areas")]

    operations = [migrations.RunPython(load_timeline, unload_timeline)]
