import json
from datetime import date, time
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Count, F
from django.utils import timezone

from accounts.models import Role, User
from departments.models import Department
from procedures.models import Dossier, Procedure, SupplementRequest
from procedures.organisation import HISTORICAL
from procedures.selectors import load_calendar, load_organisation
from reporting.conditions import dossier_conditions, procedure_conditions
from reporting.form_06a import FORM_06A_COLUMNS, form_06a, form_06a_records
from reporting.results import Period
from sampledata.demo import DEMO_PASSWORD, SAMPLE_DEPARTMENT, SAMPLE_FIGURES, SAMPLE_PERIOD
from sampledata.demo_organisation import dossier_errors
from sampledata.demo_procedures import procedure_specs

pytestmark = pytest.mark.django_db


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def database_snapshot() -> tuple[dict[str, int], set[tuple]]:
    counts = {
        model._meta.label: model.objects.count() for model in apps.get_models(include_auto_created=True)
    }
    return counts, set(Dossier.objects.values_list("code", "status", "finished_at", "due_on"))


def test_load_demo_twice_leaves_the_database_as_after_once():
    load_demo()
    once = database_snapshot()

    output = load_demo()

    assert database_snapshot() == once
    assert "Đã tạo 0 đơn vị, 0 lĩnh vực, 0 thủ tục hành chính, 0 hồ sơ (0 yêu cầu bổ sung)" in output
    # Dossiers from 2019 to yesterday: about 6,700 at the end of 2026, about 900 more a year.
    assert 6000 <= once[0]["procedures.Dossier"] <= 9000
    assert once[0]["procedures.Procedure"] == len(procedure_specs()) == 384
    assert once[0]["procedures.Succession"] == 16


def test_sample_department_gives_the_inspection_report_figures_for_its_period(django_assert_num_queries):
    load_demo()
    department = Department.objects.get(code=SAMPLE_DEPARTMENT)
    period = Period(*SAMPLE_PERIOD)
    dossiers = Dossier.objects.for_department_tree(department)
    # The procedures listed for the department or one of its sub-units.
    procedures = Procedure.objects.filter(
        pk__in=Procedure.objects.filter(units__path__startswith=department.path).values("pk")
    )
    # Each count by the one condition the portal's indicators use, so that the demo is checked against
    # the definitions of spec/indicators.md rather than against a second copy of them.
    dossier_counts = {
        c: Count("pk", filter=q) for c, q in dossier_conditions(period).items() if c in SAMPLE_FIGURES
    }
    procedure_counts = {
        c: Count("pk", filter=q) for c, q in procedure_conditions().items() if c in SAMPLE_FIGURES
    }

    # One query: the department tree's dossiers, every count a filtered COUNT.
    with django_assert_num_queries(1):
        figures = dossiers.aggregate(**dossier_counts)
    figures |= procedures.aggregate(**procedure_counts)
    figures["satisfaction_rate"] = round(figures["satisfied"] * 100 / figures["rated"], 2)

    assert figures == dict(SAMPLE_FIGURES)
    # The same dossiers by the queryset filters: received in the period, and finished in it.
    start, end = SAMPLE_PERIOD
    assert dossiers.received_between(start, end).count() == SAMPLE_FIGURES["received"]
    assert dossiers.finished_between(start, end).count() == (
        SAMPLE_FIGURES["resolved_early"] + SAMPLE_FIGURES["resolved_on_time"] + SAMPLE_FIGURES["withdrawn"]
    )
    assert all(20 <= procedure.reduction_pct <= 40 for procedure in procedures.reduced())
    assert procedures.filter(accepts_postal=True).exists()
    # The department goes on receiving dossiers after the period, and those still open then are closed now.
    assert dossiers.filter(received_on__gt=end).exists()
    assert not dossiers.filter(received_on__lte=end, finished_at__isnull=True).exists()


def test_load_demo_if_empty_creates_nothing_where_a_department_exists():
    Department.objects.create(code="SVHTTDL", name="Sở Văn hóa, Thể thao và Du lịch")

    output = load_demo("--if-empty")

    assert "không nạp dữ liệu mẫu" in output
    assert Department.objects.count() == 1
    assert not Procedure.objects.exists()
    assert not Dossier.objects.exists()
    assert not User.objects.exists()


def test_demo_users_exist_and_log_in_with_the_demo_password():
    load_demo()

    expected = {
        "admin": (Role.ADMINISTRATOR, []),
        "leader": (Role.LEADER, []),
        "inspector": (Role.INSPECTOR, []),
        "staff_stttt": (Role.STAFF, ["STTTT"]),
        "staff_sxd": (Role.STAFF, ["SXD"]),
    }
    for username, (role, department_codes) in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD), username
        assert user.role == role
        assert user.first_name and user.last_name
        assert sorted(user.departments.values_list("code", flat=True)) == department_codes
        assert user.is_superuser == user.is_staff == (role == Role.ADMINISTRATOR)


def test_every_demo_dossier_passes_the_rulebook_is_received_in_office_hours_and_due_on_or_after_receipt():
    load_demo()
    now = timezone.now()
    dossiers = Dossier.objects.all()
    calendar = load_calendar()

    assert not dossiers.filter(received_on__gt=F("due_on")).exists()
    assert not dossiers.filter(received_at__gt=now).exists()
    assert not dossiers.filter(finished_at__gt=now).exists()
    assert not dossier_errors(
        list(dossiers),
        organisation=load_organisation(),
        carried={
            p.pk: p.carried([u.pk for u in p.units.all()])
            for p in Procedure.objects.prefetch_related("units")
        },
        now=now,
    )
    for received_at in dossiers.values_list("received_at", flat=True):
        local = timezone.localtime(received_at)
        assert calendar.is_working_day(local.date()) and time(7, 30) <= local.time() < time(17), local


def test_demo_has_open_overdue_and_paused_dossiers_today():
    load_demo()
    today = timezone.localdate()
    dossiers = Dossier.objects.all()
    awaiting = dossiers.filter(status=Dossier.Status.AWAITING_SUPPLEMENT)

    assert dossiers.filter(status=Dossier.Status.IN_PROGRESS).exists()
    assert dossiers.filter(dossier_conditions(Period(today, today))["in_progress_overdue"]).exists()
    assert awaiting.exists()
    assert SupplementRequest.objects.filter(supplied_on__isnull=True).count() == awaiting.count()
    assert dossiers.filter(paused_days__gt=0, finished_at__isnull=False).exists()
    # An apology slip only ever goes with a dossier that is late: resolved after, or still open past, its deadline.
    with_apology = dossiers.filter(apology_issued_on__isnull=False)
    assert with_apology.exists()
    assert not with_apology.filter(finished_on__lte=F("effective_due_on")).exists()
    assert not with_apology.filter(finished_on__isnull=True, effective_due_on__gte=today).exists()


def test_indicators_command_gives_the_sample_department_figures_of_the_spec():
    load_demo()
    out = StringIO()
    call_command(
        "indicators",
        "--department",
        "STTTT",
        "--from",
        "2019-01-01",
        "--to",
        "2019-10-31",
        "--json",
        stdout=out,
    )
    payload = json.loads(out.getvalue())
    assert payload["department"] == {"code": "STTTT", "name": "Sở Thông tin và Truyền thông"}
    assert payload["period"] == {"from": "2019-01-01", "to": "2019-10-31"}
    figures = payload["indicators"]
    # spec/domain.md, "Sample department", and the JSON example of spec/indicators.md.
    assert {code: figures[code] for code in SPEC_FIGURES} == SPEC_FIGURES
    assert 20 <= figures["avg_reduction_pct"] <= 40


SPEC_FIGURES = {
    "received": 42,
    "resolved_early": 20,
    "resolved_on_time": 18,
    "resolved_late": 0,
    "in_progress_within_deadline": 3,
    "in_progress_overdue": 0,
    "withdrawn": 1,
    "refused": 0,
    "carried_over": 0,
    "on_time_rate": 100.0,
    "satisfaction_rate": 100.0,
    "procedures_total": 37,
    "procedures_reduced": 34,
    "reduced_share": 91.89,
    "procedures_level3": 34,
    "procedures_level4": 3,
    "online_procedure_share": 100.0,
    "staff_reduction_rate": 12.5,
    "divisions_before": 6,
    "divisions_after": 4,
    "training_completion_rate": 100.0,
    "e_office_document_rate": 100.0,
    "e_office_staff_rate": 100.0,
    "digital_signatures_issued": 4,
    "digital_signatures_in_use": 4,
    "disbursement_rate": 20.65,
    "reports_late": 0,
}


def test_demo_form_06a_counts_the_dossiers_behind_each_cell_for_every_department_and_the_province():
    load_demo()
    period = Period(date(2019, 1, 1), date(2025, 12, 31))
    for department in [None, *Department.objects.roots()]:
        # Each unit's own tree: the historical structure (the current one adds its predecessors').
        _rows, total = form_06a(department, period, structure=HISTORICAL)
        dossiers = (
            Dossier.objects.all() if department is None else Dossier.objects.for_department_tree(department)
        )
        listed = {column: form_06a_records(dossiers, column, period).count() for column in FORM_06A_COLUMNS}
        assert total.values == listed
        # The service centre takes dossiers in for others and resolves none.
        assert total.values["received_total"] > 0 or department.kind == Department.Kind.SERVICE_CENTRE


def test_demo_holds_the_sample_departments_2019_inspection_concluded_with_open_recommendations():
    from inspections.models import Inspection

    load_demo()
    inspection = Inspection.objects.get(department__code="STTTT", plan__year=2019)
    assert inspection.status == "concluded"
    frozen = {code: item["value"] for code, item in inspection.concluded_indicators.items()}
    assert (frozen["received"], frozen["reduced_share"], frozen["staff_reduction_rate"]) == (42, 91.89, 12.5)
    assert inspection.concluded_summary.startswith(
        "Trong kỳ, đơn vị đã tiếp nhận 42 hồ sơ, có 38 hồ sơ giải quyết đúng và trước hạn, 3 hồ sơ còn trong thời "
        "hạn xử lý, 1 hồ sơ rút, không có hồ sơ giải quyết trễ hạn; mức độ hài lòng của tổ chức, cá nhân đạt 100%."
    )
    kinds = list(inspection.findings.values_list("kind", flat=True))
    assert (kinds.count("strength"), kinds.count("limitation")) == (6, 6)
    statuses = sorted(inspection.recommendations.values_list("status", flat=True))
    assert statuses == ["closed", "closed", "closed", "open", "open", "reported"]
    today = timezone.localdate()
    assert sum(r.is_overdue(on=today) for r in inspection.recommendations.all()) == 3
