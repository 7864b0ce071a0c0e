from django.db import migrations


def load(apps, schema_editor):
    from sectorplannen.qualitative.builtin import CODEBOOKS

    CodebookVersion = apps.get_model("qualitative", "CodebookVersion")
    for version, document in CODEBOOKS.items():
        CodebookVersion.objects.update_or_create(version=version, defaults={"title": document["title"],
                                                                            "document": document})


class Migration(migrations.Migration):
    dependencies = [("qualitative", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
