"""Revision requests and proposed decisions move from the portal to the workflow: copy every row
with its id (so links and audit events that name them stay right), then reset the id sequences."""

from django.core.management.color import no_style
from django.db import migrations

FIELDS_REQUEST = ["id", "plan_id", "requested_by_id", "requested_on", "reason", "analysis_date", "changes",
                  "first_progress_report_on", "status", "created_at"]
FIELDS_PROPOSAL = ["id", "plan_id", "kind", "payload", "revision_request_id", "note", "drafted_by_id", "drafted_at",
                   "status", "decided_by_id", "decided_at", "outcome"]


def copy(apps, schema_editor):
    OldRequest, OldProposal = apps.get_model("portal", "RevisionRequest"), apps.get_model("portal", "ProposedDecision")
    Request, Proposal = apps.get_model("workflow", "RevisionRequest"), apps.get_model("workflow", "Proposal")
    Request.objects.bulk_create([Request(**{f: getattr(r, f) for f in FIELDS_REQUEST})
                                 for r in OldRequest.objects.order_by("id")])
    Proposal.objects.bulk_create([Proposal(**{f: getattr(p, f) for f in FIELDS_PROPOSAL})
                                  for p in OldProposal.objects.order_by("id")])
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Request, Proposal]):
            cursor.execute(sql)


def copy_back(apps, schema_editor):
    OldRequest, OldProposal = apps.get_model("portal", "RevisionRequest"), apps.get_model("portal", "ProposedDecision")
    Request, Proposal = apps.get_model("workflow", "RevisionRequest"), apps.get_model("workflow", "Proposal")
    OldRequest.objects.bulk_create([OldRequest(**{f: getattr(r, f) for f in FIELDS_REQUEST})
                                    for r in Request.objects.order_by("id")])
    OldProposal.objects.bulk_create([OldProposal(**{f: getattr(p, f) for f in FIELDS_PROPOSAL})
                                     for p in Proposal.objects.exclude(kind__in=["refusal", "lapse"]).order_by("id")])
    Proposal.objects.all().delete()
    Request.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("workflow", "0001_initial"),
        ("portal", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy, copy_back)]
