"""Copies the decision notices into the reminder engine's SentReminder (cate_portal), so a
notice sent before the engine is never sent again: kind "decisions", keyed
"proposal:<pk>/organization:<pk>/<opened|closing>", number 1 (each is sent once, ever).
Reversed, the rows go back to DecisionNotice."""

import re

from django.db import migrations

KIND = "decisions"
KEY = re.compile(r"^proposal:(\d+)/organization:(\d+)/(opened|closing)$")


def copy_decision_notices(apps, schema_editor):
    DecisionNotice = apps.get_model("leadership", "DecisionNotice")
    SentReminder = apps.get_model("cate_portal", "SentReminder")
    notices = DecisionNotice.objects.select_related("proposal", "organization")
    rows = []
    for notice in notices.order_by("sent_at", "pk").iterator(chunk_size=1000):
        proposal, organization = notice.proposal, notice.organization
        about = f"{notice.kind} “{proposal.title}” to {organization.name}"
        rows.append(
            SentReminder(
                kind=KIND,
                key=f"proposal:{proposal.pk}/organization:{organization.pk}/{notice.kind}",
                number=1,
                about=about[:200],
                recipients=notice.recipients,
                sent_at=notice.sent_at,
            )
        )
    SentReminder.objects.bulk_create(rows, batch_size=1000)


def copy_back_to_decision_notices(apps, schema_editor):
    DecisionNotice = apps.get_model("leadership", "DecisionNotice")
    Proposal = apps.get_model("leadership", "Proposal")
    Organization = apps.get_model("partners", "Organization")
    SentReminder = apps.get_model("cate_portal", "SentReminder")
    sent = SentReminder.objects.filter(kind=KIND)
    proposals = set(Proposal.objects.values_list("pk", flat=True))
    organizations = set(Organization.objects.values_list("pk", flat=True))
    for row in sent.order_by("sent_at", "pk").iterator(chunk_size=1000):
        match = KEY.match(row.key)
        if match is None:
            continue
        proposal_id, organization_id, kind = int(match[1]), int(match[2]), match[3]
        if proposal_id not in proposals or organization_id not in organizations:
            continue  # deleted since: DecisionNotice cannot point at it
        notice = DecisionNotice.objects.create(
            proposal_id=proposal_id,
            organization_id=organization_id,
            kind=kind,
            recipients=row.recipients,
        )
        # sent_at is auto_now_add there: set the original time after the insert.
        DecisionNotice.objects.filter(pk=notice.pk).update(sent_at=row.sent_at)
    sent.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("leadership", "0005_single_line_text_fields"),
        ("cate_portal", "0005_sentreminder"),
    ]

    operations = [
        migrations.RunPython(copy_decision_notices, copy_back_to_decision_notices),
    ]
