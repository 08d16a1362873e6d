"""Terms of one seat never overlap: an exclusion constraint, on PostgreSQL only.

The constraint needs PostgreSQL (GiST, ranges, btree_gist for the seat's equality), so it is
added by a RunPython that does nothing on other databases, and it is kept out of the model state
(Term.Meta) so `makemigrations --check` and SQLite stay happy. Term.clean() applies the same rule,
with a message, on every database. A term runs over [started_on, ended_on): ended_on is the day
the holder leaves, so a successor may start that day; no ended_on means the term runs on.
"""

from django.db import migrations

CONSTRAINT_NAME = "term_no_overlap_per_seat"


def _constraint():
    from django.contrib.postgres.constraints import ExclusionConstraint
    from django.contrib.postgres.fields import DateRangeField, RangeOperators
    from django.db.models import F, Func, Value

    return ExclusionConstraint(
        name=CONSTRAINT_NAME,
        expressions=[
            ("seat", RangeOperators.EQUAL),
            (
                Func(
                    F("started_on"),
                    F("ended_on"),  # NULL: unbounded, the term runs on
                    Value("[)"),
                    function="DATERANGE",
                    output_field=DateRangeField(),
                ),
                RangeOperators.OVERLAPS,
            ),
        ],
    )


def add_exclusion_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.add_constraint(apps.get_model("leadership", "Term"), _constraint())


def remove_exclusion_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_constraint(apps.get_model("leadership", "Term"), _constraint())


class Migration(migrations.Migration):
    dependencies = [("leadership", "0001_seats_terms_decisions")]

    operations = [
        migrations.RunPython(add_exclusion_constraint, remove_exclusion_constraint, elidable=False),
    ]
