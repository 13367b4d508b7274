"""The dossier summary against the dossiers themselves.

Every dossier figure the portal shows is read from reporting.models.DossierCount, which database
triggers keep in the transaction of each write. These tests write dossiers every way the portal does
(the services, a model save, bulk creates and updates, queryset updates and deletes, an Excel import,
a procedure moved to another field, a department moved to another parent) and after each step compare
every indicator, every Biểu 06a cell, the monthly trend and today's overdue count with the count of
the same condition over the raw rows (reporting.conditions.dossier_conditions), for every department
and the whole province over periods of every shape; and the summary with one counted from scratch."""

from datetime import date, datetime, time, timedelta
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q, Value
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils import timezone

from departments.models import Department
from procedures import services
from procedures.imports import import_workbook
from procedures.models import Dossier, Field, Procedure
from procedures.organisation import HISTORICAL
from procedures.selectors import load_calendar
from reporting.cache import organisation
from reporting.conditions import (
    DOSSIER_CODES,
    dossier_conditions,
    index_dossier_conditions,
    relevant_dossiers,
)
from reporting.counts import weighted_counts
from reporting.dossier_counts import FLOWS_INDEX, rebuild
from reporting.form_06a import FORM_06A_COLUMNS, form_06a, form_06a_conditions
from reporting.indicators import indicators_for_departments, indicators_with_total
from reporting.models import DossierCount
from reporting.results import Period
from reporting.structures import scope_weights
from reporting.trend import monthly_trend, overdue_now
from tests.factories import (
    HOSO_HEADERS,
    TTHC_HEADERS,
    local,
    make_department,
    make_dossier,
    make_field,
    make_procedure,
    workbook_bytes,
)

pytestmark = pytest.mark.django_db

LAST_DAY = date(2026, 6, 30)
PERIODS = [
    Period(date(2025, 1, 1), date(2025, 12, 31)),  # a whole year
    Period(date(2026, 1, 1), LAST_DAY),  # this year so far
    Period(date(2025, 4, 1), date(2025, 6, 30)),  # a quarter
    Period(date(2026, 2, 1), date(2026, 2, 28)),  # a month
    Period(date(2025, 11, 17), date(2026, 3, 9)),  # across a year's end, days at both ends
    Period(date(2026, 5, 6), date(2026, 5, 6)),  # one day
    Period(date(2024, 1, 1), date(2027, 12, 31)),  # everything, and days still to come
    Period(date(2023, 1, 1), date(2023, 12, 31)),  # before any dossier
]


@pytest.fixture
def generated(db):
    call_command(
        "generate_province",
        "--departments", "3", "--procedures", "12", "--dossiers", "500", "--seed", "3",
        "--until", LAST_DAY.isoformat(), "--years", "2",
        stdout=StringIO(),
    )  # fmt: skip
    return Department.objects.order_by("path")


def raw(queryset, conditions: dict[str, Q], relevant: Q) -> dict[str, int]:
    return queryset.aggregate(**{code: Count("pk", filter=relevant & q) for code, q in conditions.items()})


def raw_by_subtree(departments: list[Department], conditions: dict[str, Q], relevant: Q) -> dict:
    """raw() of each department's subtree and of the whole province (None), from one query grouped by
    unit: the query is built once, not once for each department."""
    rows = list(
        Dossier.objects.filter(relevant)
        .values("department__path")
        .annotate(**{code: Count("pk", filter=q) for code, q in conditions.items()})
    )
    return {
        department: {
            code: sum(
                row[code]
                for row in rows
                if row["department__path"].startswith(department.path if department else "")
            )
            for code in conditions
        }
        for department in [*departments, None]
    }


def subtree(department: Department | None):
    dossiers = Dossier.objects.all()
    return dossiers if department is None else dossiers.filter(department__path__startswith=department.path)


def check_everything_agrees() -> None:
    departments = list(Department.objects.order_by("path"))
    roots = [d for d in departments if d.parent_id is None]
    for period in PERIODS:
        conditions, relevant = dossier_conditions(period), relevant_dossiers(period)
        # The summary against the raw rows of each subtree: the historical structure (the current one
        # adds predecessors' rows, checked against the records listed in tests/reporting/test_structures).
        results = indicators_for_departments(departments, period, structure=HISTORICAL)
        total = indicators_with_total(roots, period, whole_province=True, structure=HISTORICAL)[0]
        # With the national index's flows, counted in the same query (each is received in the period,
        # within the relevant dossiers).
        scopes = {d.pk: scope_weights(organisation(), [d.pk], HISTORICAL) for d in departments}
        scopes[None] = scope_weights(organisation(), [DossierCount.PROVINCE], HISTORICAL)
        counted = weighted_counts(scopes, period)
        both = raw_by_subtree(departments, {**conditions, **index_dossier_conditions(period)}, relevant)
        for department in [*departments, None]:
            expected = both[department]
            shown = results[department.pk] if department else total
            assert {code: shown[code].value for code in DOSSIER_CODES} == {
                code: expected[code] for code in DOSSIER_CODES
            }, (department, period)
            index = counted[department.pk if department else None]
            assert {code: index[code] for code in FLOWS_INDEX} == {
                code: expected[code] for code in FLOWS_INDEX
            }, (department, period)

        for department in [*roots, None]:
            rows, _total = form_06a(department, period, structure=HISTORICAL)
            by_field = {row.field_id: row.values for row in rows}
            grouped = (
                subtree(department)
                .filter(relevant)
                .values("procedure__field_id")
                .annotate(**{k: Count("pk", filter=q) for k, q in form_06a_conditions(period).items()})
            )
            expected = {row.pop("procedure__field_id"): row for row in grouped}
            assert by_field == {k: {c: v[c] for c in FORM_06A_COLUMNS} for k, v in expected.items()}, period

        trend = {m.month: m for m in monthly_trend(None, period)}
        for month, counts in trend.items():
            part = Period(max(month, period.start), min(_month_end(month), period.end))
            c = dossier_conditions(part)
            expected = raw(
                Dossier.objects.all(),
                {
                    "received": c["received"],
                    "resolved_early": c["resolved_early"],
                    "resolved_on_time": c["resolved_on_time"],
                    "resolved_late": c["resolved_late"],
                    "no_result": c["withdrawn"] | c["refused"],
                },
                Q(),
            )
            assert expected == {key: getattr(counts, key) for key in expected}, (period, month)

    for today in (date(2025, 7, 15), LAST_DAY, date(2026, 12, 1)):
        overdue, province = overdue_now(departments, today=today, whole_province=True)
        condition = dossier_conditions(Period(today, today))["in_progress_overdue"]
        for department in departments:
            assert overdue[department.pk] == subtree(department).filter(condition).count(), today
        assert province == Dossier.objects.filter(condition).count()


def _month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def summary_rows() -> set[tuple]:
    columns = [f.attname for f in DossierCount._meta.concrete_fields if f.attname != "id"]
    counters = columns[4:]
    return {
        row
        for row in DossierCount.objects.values_list(*columns)
        if any(row[columns.index(c)] for c in counters)
    }


def check_summary_is_what_a_recount_gives() -> None:
    kept = summary_rows()
    rebuild()
    assert summary_rows() == kept


def test_generated_data_agrees(generated):
    check_everything_agrees()
    check_summary_is_what_a_recount_gives()


def test_every_kind_of_write_keeps_the_summary_in_step(generated):
    # An agency in being throughout, and a procedure listed for it.
    top = (
        generated.filter(
            parent__isnull=True, kind="agency", valid_from=None, valid_to=None, procedures__isnull=False
        )
        .distinct()
        .first()
    )
    procedure = Procedure.objects.filter(units=top).order_by("code").first()

    # Inserts: the service, a plain model save, a bulk create.
    registered = services.dossier_register(
        code="C-REGISTER",
        procedure=procedure,
        department=top,
        channel="online",
        received_at=local(2026, 5, 4),
    )
    make_dossier(procedure, code="C-SAVE", received_at=local(2026, 2, 2), finished_at=local(2026, 2, 2, 15))
    edge_cases = [
        # Finished the day after its deadline, paused on its deadline, paused after it, open and overdue.
        make_dossier(procedure, code="C-NEXT-DAY", received_at=local(2025, 12, 1)),
        make_dossier(procedure, code="C-PAUSE-ON-DUE", received_at=local(2026, 1, 5)),
        make_dossier(procedure, code="C-PAUSE-LATE", received_at=local(2026, 1, 5)),
        make_dossier(procedure, code="C-OPEN", received_at=local(2026, 3, 2), channel="postal"),
    ]
    bulk = [
        Dossier(code=f"C-BULK-{n}", procedure=procedure, department=top, channel="direct", received_at=local(2026, 4, n + 1))
        for n in range(5)
    ]  # fmt: skip
    calendar = load_calendar()
    for dossier in bulk:
        dossier.fill_derived(calendar)
    Dossier.objects.bulk_create(bulk)
    check_everything_agrees()

    # Updates through every service.
    next_day, on_due, late_pause = edge_cases[:3]
    services.dossier_finish(
        dossier=next_day,
        status="resolved",
        finished_at=timezone.make_aware(
            datetime.combine(next_day.effective_due_on + timedelta(days=1), time(10))
        ),
        satisfaction="satisfied",
    )
    services.dossier_request_supplement(dossier=on_due, requested_on=on_due.effective_due_on, reason="")
    services.dossier_request_supplement(
        dossier=late_pause, requested_on=late_pause.effective_due_on + timedelta(days=3), reason=""
    )
    services.dossier_issue_apology(
        dossier=edge_cases[3],
        issued_on=LAST_DAY,
        new_due_on=edge_cases[3].effective_due_on + timedelta(days=30),
    )
    check_everything_agrees()
    services.dossier_receive_supplement(
        dossier=on_due, supplied_on=on_due.effective_due_on + timedelta(days=10)
    )
    services.dossier_update(
        dossier=registered,
        applicant="Nguyễn Văn A",
        channel="direct",
        received_at=local(2026, 3, 3),
        due_on=None,
    )
    services.dossier_finish(dossier=registered, status="withdrawn", finished_at=local(2026, 3, 4))
    done = Dossier.objects.get(code="C-SAVE")
    services.dossier_rate(dossier=done, satisfaction="dissatisfied")
    check_everything_agrees()

    # The national facts of a share of the dossiers, each fact on its own share, so that each index flow
    # has dossiers on both sides of it.
    pks = list(Dossier.objects.order_by("pk").values_list("pk", flat=True))
    Dossier.objects.filter(pk__in=pks[::2]).update(synced_to_dvcqg=True, electronic_result=True)
    Dossier.objects.filter(pk__in=pks[::3]).update(
        digitised=True, reused_data=True, fee_amount=0, paid_online=False
    )
    Dossier.objects.filter(pk__in=pks[1::3]).update(dvcqg_store=True, fee_amount=25000, paid_online=True)
    Dossier.objects.filter(pk__in=pks[::5]).update(population_data=True, satisfaction="dissatisfied")
    Procedure.objects.filter(pk__in=list(Procedure.objects.values_list("pk", flat=True))[::2]).update(
        has_fees=True, requires_paper_result=False
    )
    check_everything_agrees()
    # A procedure whose facts change moves its dossiers' index flows.
    procedure.has_fees = not procedure.has_fees
    procedure.requires_paper_result = not procedure.requires_paper_result
    procedure.save()
    check_everything_agrees()

    # Bulk updates and queryset updates: handlers change, a field's worth of dossiers turns online.
    sub_unit = generated.filter(parent=top).first() or top
    moved = list(Dossier.objects.filter(department=top).order_by("pk")[:40])
    for dossier in moved:
        dossier.department = sub_unit
    Dossier.objects.bulk_update(moved, ["department"])
    Dossier.objects.filter(procedure=procedure).update(channel="online")
    check_everything_agrees()

    # Deletes: one, and many at once.
    Dossier.objects.get(code="C-BULK-0").delete()
    Dossier.objects.filter(code__startswith="C-BULK").delete()
    Dossier.objects.filter(status="refused").delete()
    check_everything_agrees()

    # An Excel import that creates and updates dossiers, in one transaction.
    existing = list(
        Dossier.objects.filter(finished_at__isnull=True, paused_on__isnull=True).order_by("pk")[:3]
    )
    rows = [
        [d.code, d.procedure.code, d.department.code, "Trực tuyến", f"{timezone.localtime(d.received_at):%d/%m/%Y %H:%M}",
         None, f"{LAST_DAY:%d/%m/%Y} 17:30", "Đã giải quyết", "Hài lòng"]
        for d in existing
    ] + [
        [f"C-IMPORT-{n}", procedure.code, top.code, "Trực tiếp", f"0{n + 1}/06/2026 08:30", None, None, None, None]
        for n in range(4)
    ]  # fmt: skip
    content = workbook_bytes({"TTHC": [TTHC_HEADERS], "HoSo": [HOSO_HEADERS, *rows]})
    report = import_workbook(BytesIO(content), user=None, dry_run=False)
    assert report.ok, report.errors
    assert report.created["dossiers"] == 4 and report.updated["dossiers"] == len(existing) > 0
    check_everything_agrees()

    # A procedure moved to another field, and a department moved to another parent.
    procedure.field = Field.objects.exclude(pk=procedure.field_id).first()
    procedure.save()
    other_top = generated.filter(parent__isnull=True).exclude(pk=top.pk).first()
    sub_unit.parent = other_top
    sub_unit.save()
    check_everything_agrees()
    check_summary_is_what_a_recount_gives()


def department_with_dossiers(code: str, *, parent: Department | None = None, field: str = "") -> Department:
    """A department with four dossiers of its own: finished early, finished late across a year's end,
    withdrawn, and still open and overdue at LAST_DAY."""
    department = make_department(code, parent=parent)
    procedure = make_procedure(department, field=make_field(field or None))
    make_dossier(
        procedure,
        channel="online",
        received_at=local(2025, 3, 3),
        finished_at=local(2025, 3, 4),
        satisfaction="satisfied",
    )
    make_dossier(procedure, channel="postal", received_at=local(2025, 11, 20), finished_at=local(2026, 2, 10))
    make_dossier(procedure, received_at=local(2026, 1, 5), finished_at=local(2026, 1, 6), status="withdrawn")
    make_dossier(procedure, received_at=local(2026, 5, 4))
    return department


def test_a_department_moved_takes_its_subtree_figures_from_its_old_parents_to_its_new_ones():
    # The summary's trigger on departments leaves every figure right after a move under another parent,
    # to the top, out from under its parent, after a rename that moves nothing, and after each of the
    # two statements of a script that moves a department first and its descendants next.
    old_parent, new_parent = department_with_dossiers("A"), department_with_dossiers("B", field="Lĩnh vực B")
    moved = department_with_dossiers("D", parent=old_parent)
    child = department_with_dossiers("C", parent=moved, field="Lĩnh vực B")
    department_with_dossiers("G", parent=child)
    everything = Period(date(2024, 1, 1), date(2027, 12, 31))

    moved.parent = new_parent
    moved.save()
    received = indicators_for_departments([old_parent, new_parent, moved], everything)
    assert [received[d.pk]["received"].value for d in (old_parent, new_parent, moved)] == [4, 16, 12]
    check_everything_agrees()
    check_summary_is_what_a_recount_gives()

    moved.parent = None
    moved.save()
    check_everything_agrees()
    check_summary_is_what_a_recount_gives()
    moved.code = "E"
    moved.save()
    check_everything_agrees()
    check_summary_is_what_a_recount_gives()
    Department.objects.filter(pk=moved.pk).update(parent=new_parent, path="/B/E/")
    check_summary_is_what_a_recount_gives()
    Department.objects.filter(path__startswith="/E/").update(path=Concat(Value("/B/E/"), Substr("path", 4)))
    check_everything_agrees()
    check_summary_is_what_a_recount_gives()
    child.refresh_from_db()
    child.parent = old_parent
    child.save()
    check_everything_agrees()
    check_summary_is_what_a_recount_gives()
    moved.refresh_from_db()
    received = indicators_for_departments([old_parent, new_parent, moved], everything)
    assert [received[d.pk]["received"].value for d in (old_parent, new_parent, moved)] == [12, 8, 4]


# A page loaded again with nothing written in between. PostgreSQL serves the figures kept by the first load
# (reporting.cache) and reads only the session, the user, the data version and what is never kept: the
# overview's overdue recommendations, the department page's data locks, open recommendations and unfinished
# inspections (its own and its predecessors'), the API's departments asked for. SQLite keeps nothing and reads everything again: at most the overview's 17,
# the department page's 19 (its fields are read once it has dossiers; the organisation, the units it
# succeeded or passed to and the dossiers it received for others since units have dates) and the API's 9
# (the organisation behind the current structure).
KEPT = connection.vendor == "postgresql"
OVERVIEW_AGAIN, DEPARTMENT_AGAIN, API_AGAIN = (4, 6, 4) if KEPT else (17, 33, 9)


def test_a_dossier_saved_is_counted_on_the_very_next_page_load(
    client, province, django_assert_max_num_queries
):
    """Figures are kept between requests (reporting.cache) only for as long as no write came in."""
    client.force_login(province.leader)
    year = {"kind": "year", "year": "2025"}
    api = {"department": "STTTT", "from": "2025-01-01", "to": "2025-12-31"}
    pages = [
        (reverse("home"), year, lambda r: r.context["data"].province["received"].value, OVERVIEW_AGAIN),
        (
            reverse("dashboards:department", kwargs={"code": "STTTT"}),
            year,
            lambda r: r.context["dashboard"].indicators["received"].value,
            DEPARTMENT_AGAIN,
        ),
        (reverse("api:indicators"), api, lambda r: r.json()["indicators"]["received"], API_AGAIN),
    ]
    for count in range(3):
        for url, params, received, queries_again in pages:
            first = client.get(url, params)
            with django_assert_max_num_queries(queries_again):
                again = client.get(url, params)
            assert received(first) == received(again) == count, url
        make_dossier(province.stttt_procedure, received_at=local(2025, 5, 5 + count))


def test_what_is_kept_between_requests_follows_the_period_chosen(
    client, province, django_assert_max_num_queries
):
    make_dossier(province.stttt_procedure, received_at=local(2024, 5, 6))
    client.force_login(province.leader)
    department = reverse("dashboards:department", kwargs={"code": "STTTT"})
    for year in ("2025", "2024", "2025"):
        for url in (reverse("home"), department):
            page = client.get(url, {"kind": "year", "year": year}).content.decode()
            assert f'id="period-label">Năm {year}</strong>' in page, url
        # The department page was just loaded for this year: on PostgreSQL its figures are the ones kept.
        with django_assert_max_num_queries(DEPARTMENT_AGAIN):
            summary = client.get(department, {"kind": "year", "year": year}).context["dashboard"].summary
        assert ("đã tiếp nhận 1 hồ sơ" in summary) == (year == "2024")
