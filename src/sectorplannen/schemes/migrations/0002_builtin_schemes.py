from decimal import Decimal

from django.db import migrations


def load(apps, schema_editor):
    from sectorplannen.schemes.builtin import SCHEMES, TRANCHES

    SchemeVersion = apps.get_model("schemes", "SchemeVersion")
    Tranche = apps.get_model("schemes", "Tranche")
    for code, params in SCHEMES.items():
        SchemeVersion.objects.update_or_create(code=code, defaults={"title": params["title"], "parameters": params})
    for t in TRANCHES:
        Tranche.objects.update_or_create(
            number=t["number"],
            defaults={
                "scheme": SchemeVersion.objects.get(code=t["scheme"]),
                "window_start": t["window_start"],
                "window_end": t["window_end"],
                "budget_ceiling_eur": Decimal(t["budget_ceiling_eur"]),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("schemes", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
