import sys

from django.db import migrations


def refile_inspections(apps, schema_editor):
    # An inspection filed before the rule under the plan of another year (Inspection.clean) moves to the
    # plan of the year it is carried out in where that plan exists; any other is named, for an inspector
    # to plan that year and move it there (the admin asks for the right plan at its next change anyway).
    Inspection = apps.get_model("inspections", "Inspection")
    InspectionPlan = apps.get_model("inspections", "InspectionPlan")
    plans = dict(InspectionPlan.objects.values_list("year", "pk"))
    for inspection in Inspection.objects.select_related("plan", "department").order_by("pk"):
        start, end = inspection.planned_start, inspection.planned_end
        if start.year == end.year == inspection.plan.year:
            continue
        if start.year == end.year and start.year in plans:
            Inspection.objects.filter(pk=inspection.pk).update(plan_id=plans[start.year])
            sys.stdout.write(
                f"\n  Đợt kiểm tra id {inspection.pk} ({inspection.department.name}): chuyển từ kế hoạch năm "
                f"{inspection.plan.year} sang kế hoạch năm {start.year}.\n"
            )
        else:
            sys.stdout.write(
                f"\n  Đợt kiểm tra id {inspection.pk} ({inspection.department.name}), dự kiến {start:%d/%m/%Y}"
                f"–{end:%d/%m/%Y}, thuộc kế hoạch năm {inspection.plan.year}: chưa có kế hoạch của năm đó.\n"
            )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0002_date_ranges_history")]

    operations = [migrations.RunPython(refile_inspections, migrations.RunPython.noop, elidable=True)]
