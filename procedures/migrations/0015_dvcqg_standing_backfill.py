"""Every stored dossier's DVCQG standing (procedures.dvcqg.standing), worked out by the rule itself from
its stored values and supplement requests, so that the summary can count it (reporting 0016). Two thousand
dossiers at a time: at a million dossiers it takes some minutes, once."""

from collections import defaultdict

from django.db import migrations

from procedures.calendar import WorkingCalendar
from procedures.dvcqg_stored import dvcqg_standing

CHUNK = 2000


def _calendar(apps) -> WorkingCalendar:
    days_off, working = set(), set()
    for day, is_working in apps.get_model("procedures", "CalendarDay").objects.values_list(
        "day", "is_working_day"
    ):
        (working if is_working else days_off).add(day)
    return WorkingCalendar(frozenset(days_off), frozenset(working))


def fill(apps, schema_editor) -> None:
    dossiers = apps.get_model("procedures", "Dossier").objects.order_by("pk")
    requests = apps.get_model("procedures", "SupplementRequest").objects
    calendar = _calendar(apps)
    last = 0
    while True:
        chunk = list(dossiers.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            return
        last = chunk[-1].pk
        pauses = defaultdict(list)
        for pause in requests.filter(dossier_id__in=[d.pk for d in chunk]).order_by("pk"):
            pauses[pause.dossier_id].append(pause)
        for dossier in chunk:
            found = dvcqg_standing(dossier, pauses[dossier.pk], calendar)
            dossier.dvcqg_on_time, dossier.dvcqg_late_on = found.on_time, found.late_on
        dossiers.model.objects.bulk_update(chunk, ["dvcqg_on_time", "dvcqg_late_on"])


class Migration(migrations.Migration):
    dependencies = [("procedures", "0014_dossier_due_time_dvcqg_standing_supplement_times")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
