from datetime import date
from decimal import Decimal

from django.db import migrations

# The maxima and thresholds of Quyết định 766/QĐ-TTg (spec/index766.md), in force from the decision's day:
# the administrator adds a setting from a later day when the national office adjusts one. Written out
# here rather than read from reporting.index766_rules, so that what a database holds is what its
# migrations wrote.
DECIDED_ON = date(2022, 6, 23)
NOTE = "Quyết định 766/QĐ-TTg ngày 23/6/2022"
SETTINGS = (
    ("1.1", 6, 100),
    ("1.2", 4, 100),
    ("1.3", 2, 100),
    ("1.4", 6, 100),
    ("2.1", 20, 100),
    ("2.2", 0, 100),
    ("3.1", 2, 80),
    ("3.2", 4, 100),
    ("3.3", 6, 50),
    ("3.5", 2, 80),
    ("3.5b", 2, 100),
    ("3.6", 6, 100),
    ("4.1", 6, 100),
    ("4.2", 4, 80),
    ("4.2b", 2, 100),
    ("4.3", 2, 80),
    ("4.4", 4, 100),
    ("4.5b", 2, 100),
    ("4.5a", 2, 100),
    ("5.2", 6, 100),
    ("5.3", 6, 100),
    ("5.4", 6, 90),
)


def seed(apps, schema_editor):
    IndexSetting = apps.get_model("reporting", "IndexSetting")
    existing = set(IndexSetting.objects.filter(valid_from=DECIDED_ON).values_list("code", flat=True))
    IndexSetting.objects.bulk_create(
        IndexSetting(
            code=code,
            valid_from=DECIDED_ON,
            max_points=Decimal(max_points),
            threshold=Decimal(threshold),
            note=NOTE,
        )
        for code, max_points, threshold in SETTINGS
        if code not in existing
    )


def unseed(apps, schema_editor):
    IndexSetting = apps.get_model("reporting", "IndexSetting")
    IndexSetting.objects.filter(valid_from=DECIDED_ON, code__in=[code for code, _, _ in SETTINGS]).delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0017_index766_summary_and_settings")]

    operations = [migrations.RunPython(seed, unseed)]
