# Merges the migrations of issues 14 (goals per measure) and 17 (lock version).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0005_issue14_measure_goals'),
        ('plans', '0005_issue17_lock_version'),
    ]

    operations = [
    ]
