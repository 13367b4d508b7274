"""Every new database knows the Vietnamese working-day calendar: public holidays, their adjacent and
swapped days off, and the make-up working Saturdays, as the `holidays` package records them."""

from django.db import migrations


def seed_calendar(apps, schema_editor):
    import holidays

    from procedures.calendar import SEEDED_YEARS

    CalendarDay = apps.get_model("procedures", "CalendarDay")
    vietnam = holidays.country_holidays("VN", years=SEEDED_YEARS, language="vi")
    rows = {day: CalendarDay(day=day, is_working_day=False, name=name) for day, name in vietnam.items()}
    for day in vietnam.weekend_workdays:
        if day.year in SEEDED_YEARS:
            rows[day] = CalendarDay(day=day, is_working_day=True, name="Ngày làm việc bù")
    existing = set(CalendarDay.objects.values_list("day", flat=True))
    CalendarDay.objects.bulk_create([row for day, row in sorted(rows.items()) if day not in existing])


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]

    operations = [migrations.RunPython(seed_calendar, migrations.RunPython.noop)]
