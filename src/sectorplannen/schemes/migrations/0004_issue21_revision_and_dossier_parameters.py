"""Stored built-in scheme versions get the revision and dossier parameters of issue 21 (what the
scheme allowed in practice, and what an employer's dossier needs); versions that set them keep theirs."""

from django.db import migrations

KEYS = ("may_widen_target_groups", "addable_types", "budget_transfer")


def add(apps, schema_editor):
    from sectorplannen.schemes.builtin import SCHEMES

    SchemeVersion = apps.get_model("schemes", "SchemeVersion")
    for version in SchemeVersion.objects.filter(code__in=SCHEMES):
        params = dict(version.parameters)
        builtin = SCHEMES[version.code]
        revision = dict(params.get("revision", {}))
        for key in KEYS:
            revision.setdefault(key, builtin["revision"][key])
        params["revision"] = revision
        params.setdefault("dossier", builtin["dossier"])
        version.parameters = params
        version.save(update_fields=["parameters"])


def remove(apps, schema_editor):
    SchemeVersion = apps.get_model("schemes", "SchemeVersion")
    for version in SchemeVersion.objects.all():
        params = dict(version.parameters)
        params["revision"] = {k: v for k, v in params.get("revision", {}).items() if k not in KEYS}
        params.pop("dossier", None)
        version.parameters = params
        version.save(update_fields=["parameters"])


class Migration(migrations.Migration):
    dependencies = [("schemes", "0003_issue14_final_report_parameter")]
    operations = [migrations.RunPython(add, remove)]
