"""Stored scheme versions get the parameter ``final_report.required`` (issue 14), False unless set."""

from django.db import migrations


def add(apps, schema_editor):
    SchemeVersion = apps.get_model("schemes", "SchemeVersion")
    for version in SchemeVersion.objects.all():
        params = dict(version.parameters)
        if "final_report" not in params:
            params["final_report"] = {"required": False}
            version.parameters = params
            version.save(update_fields=["parameters"])


def remove(apps, schema_editor):
    SchemeVersion = apps.get_model("schemes", "SchemeVersion")
    for version in SchemeVersion.objects.all():
        params = dict(version.parameters)
        if params.pop("final_report", None) is not None:
            version.parameters = params
            version.save(update_fields=["parameters"])


class Migration(migrations.Migration):
    dependencies = [("schemes", "0002_builtin_schemes")]
    operations = [migrations.RunPython(add, remove)]
