"""Every new database knows the Vietnamese working-day calendar: public holidays, their adjacent and
swapped days off, and the make-up working Saturdays, as the `holidays` package records them."""

from django.db import migrations


def seed_calendar(apps, schema_editor):
    from procedures.calendar import seed_holidays

    seed_holidays(apps.get_model("procedures", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]

    operations = [migrations.RunPython(seed_calendar, migrations.RunPython.noop)]
