"""The workbook's sheets of national data: QuyetDinhCongBo (a publication decision, one row a procedure)
and PAKN (petitions). A row creates, updates or leaves its record as it is, by its code, with the audit
trail an import leaves; an export imports again unchanged; the blank template has both sheets; a
workbook without them imports as before."""

import io
from datetime import date

import openpyxl
import pytest

from procedures.imports import import_workbook
from procedures.models import Dossier, Petition, Procedure, PublicationDecision, PublicationItem
from reporting.exports import write_workbook
from reporting.template_workbook import template_workbook
from tests.factories import (
    ONE_DOSSIER_WORKBOOK,
    local,
    make_dossier,
    make_petition,
    make_publication,
    workbook_bytes,
)

pytestmark = pytest.mark.django_db

REGULATION = "Quy định hành chính, TTHC"

DECISION_HEADERS = [
    "Số quyết định",
    "Ngày quyết định",
    "Mã TTHC",
    "Loại",
    "Ngày hiệu lực của văn bản QPPL",
    "Ngày công khai trên CSDL quốc gia",
    "Trích yếu",
]
PETITION_HEADERS = [
    "Mã PAKN",
    "Mã đơn vị",
    "Mã TTHC",
    "Mã hồ sơ",
    "Phân loại",
    "Thời điểm tiếp nhận",
    "Thời điểm từ chối tiếp nhận",
    "Thời điểm yêu cầu bổ sung",
    "Thời điểm giải quyết xong",
    "Thời điểm công khai kết quả",
    "Đánh giá",
]
DECISION_ROWS = [
    DECISION_HEADERS,
    ["1520/QĐ-UBND", "15/03/2025", "1.004227", "Sửa đổi, bổ sung", "01/03/2025", "20/03/2025", "Sở TTTT"],
    ["1520/QĐ-UBND", "15/03/2025", "1.009972", "Bãi bỏ", "01/03/2025", None, "Sở TTTT"],
]
PETITION_ROWS = [
    PETITION_HEADERS,
    [
        "PAKN-2025-01",
        "STTTT",
        "1.004227",
        "HS-1",
        "Hành vi của cán bộ, công chức",
        "05/03/2025 08:30",
        None,
        "06/03/2025 10:00",
        "12/03/2025 16:00",
        "13/03/2025 09:00",
        "Không hài lòng",
    ],
    ["PAKN-2025-02", "SXD", None, None, "Quy định hành chính, TTHC", "07/03/2025 14:15"],
]


@pytest.fixture
def hs1(province):
    return make_dossier(province.stttt_procedure, code="HS-1", received_at=local(2025, 3, 3))


def run(sheets: dict, user=None, *, dry_run: bool = False):
    return import_workbook(io.BytesIO(workbook_bytes(sheets)), user=user, dry_run=dry_run)


def national_sheets(decisions=DECISION_ROWS, petitions=PETITION_ROWS) -> dict:
    """The two sheets beside the required ones, which may hold no data row."""
    return {"TTHC": [ONE_DOSSIER_WORKBOOK["TTHC"][0]], "HoSo": [ONE_DOSSIER_WORKBOOK["HoSo"][0]]} | {
        "QuyetDinhCongBo": decisions,
        "PAKN": petitions,
    }


def stored() -> list:
    return [
        list(model.objects.order_by("pk").values())
        for model in (
            PublicationDecision,
            PublicationItem,
            Petition,
            PublicationDecision.history.model,
            PublicationItem.history.model,
            Petition.history.model,
        )
    ]


def test_a_workbook_creates_a_decision_with_its_procedures_and_petitions_with_their_history(province, hs1):
    report = run(national_sheets())
    assert report.ok, [str(error) for error in report.errors]
    assert (report.created["decisions"], report.created["publications"], report.created["petitions"]) == (
        1,
        2,
        2,
    )
    decision = PublicationDecision.objects.get(number="1520/QĐ-UBND")
    assert (decision.decided_on, decision.note) == (date(2025, 3, 15), "Sở TTTT")
    assert [
        (item.procedure.code, item.kind, item.basis_effective_on, item.published_on)
        for item in decision.items.order_by("procedure__code")
    ] == [
        ("1.004227", "amended", date(2025, 3, 1), date(2025, 3, 20)),
        ("1.009972", "repealed", date(2025, 3, 1), None),
    ]
    first = Petition.objects.get(code="PAKN-2025-01")
    assert (first.department, first.procedure, first.dossier, first.category, first.rating) == (
        province.stttt,
        province.stttt_procedure,
        hs1,
        "conduct",
        "dissatisfied",
    )
    assert (first.received_at, first.refused_at, first.supplement_requested_at, first.finished_at) == (
        local(2025, 3, 5, 8, 30),
        None,
        local(2025, 3, 6, 10),
        local(2025, 3, 12, 16),
    )
    second = Petition.objects.get(code="PAKN-2025-02")
    assert (second.procedure, second.dossier, second.finished_at, second.rating) == (None, None, None, "")
    assert [h.history_change_reason for h in Petition.history.filter(code="PAKN-2025-01")] == [
        "Nhập từ tệp Excel"
    ]
    assert PublicationItem.history.filter(history_type="+").count() == 2


def test_the_same_rows_again_change_nothing_and_a_changed_row_updates_its_record(province, hs1):
    assert run(national_sheets()).ok
    before = stored()
    again = run(national_sheets())
    assert again.ok, [str(error) for error in again.errors]
    assert (again.unchanged["decisions"], again.unchanged["publications"], again.unchanged["petitions"]) == (
        1,
        2,
        2,
    )
    assert sum(again.created.values()) + sum(again.updated.values()) == 0
    assert stored() == before
    decisions = [row[:] for row in DECISION_ROWS]
    decisions[2][5] = "25/03/2025"  # 1.009972 made public at last
    petitions = [row[:] for row in PETITION_ROWS]
    petitions[2] += [None, None, "10/03/2025 15:00", None, "Hài lòng"]
    changed = run(national_sheets(decisions, petitions))
    assert changed.ok, [str(error) for error in changed.errors]
    assert (changed.updated["publications"], changed.updated["petitions"]) == (1, 1)
    assert (changed.unchanged["decisions"], changed.unchanged["publications"]) == (1, 1)
    item = PublicationItem.objects.get(procedure__code="1.009972")
    assert item.published_on == date(2025, 3, 25)
    petition = Petition.objects.get(code="PAKN-2025-02")
    assert (petition.finished_at, petition.rating) == (local(2025, 3, 10, 15), "satisfied")
    assert [h.history_type for h in petition.history.order_by("history_id")] == ["+", "~"]


def test_a_decisions_procedure_the_file_leaves_out_stays_with_it(province):
    decision = make_publication(province.stttt_procedure, province.sxd_procedure, number="1520/QĐ-UBND")
    report = run(national_sheets(DECISION_ROWS[:2], [PETITION_HEADERS]))
    assert report.ok, [str(error) for error in report.errors]
    assert sorted(decision.items.values_list("procedure__code", "kind")) == [
        ("1.004227", "amended"),
        ("1.009972", "added"),
    ]


def test_a_dry_run_counts_and_writes_nothing(province, hs1):
    report = run(national_sheets(), dry_run=True)
    assert report.ok
    assert (report.created["publications"], report.created["petitions"]) == (2, 2)
    assert not PublicationDecision.objects.exists() and not Petition.objects.exists()


def test_one_file_brings_a_procedure_a_dossier_a_decision_and_a_petition_about_them(province):
    sheets = {
        **ONE_DOSSIER_WORKBOOK,
        "QuyetDinhCongBo": [
            DECISION_HEADERS,
            ["7/QĐ-UBND", "01/02/2025", "1.000111", "Thêm mới", "01/02/2025"],
        ],
        "PAKN": [
            PETITION_HEADERS,
            ["PAKN-9", "STTTT", "1.000111", "HS-001", "Quy định hành chính, TTHC", "04/03/2025 10:00"],
        ],
    }
    report = run(sheets)
    assert report.ok, [str(error) for error in report.errors]
    petition = Petition.objects.get(code="PAKN-9")
    assert (petition.procedure.code, petition.dossier.code) == ("1.000111", "HS-001")
    assert PublicationItem.objects.get().procedure == Procedure.objects.get(code="1.000111")


def test_a_workbook_without_the_sheets_imports_as_before(province):
    report = run(ONE_DOSSIER_WORKBOOK)
    assert report.ok
    assert set(report.created) == {"departments", "fields", "successions", "procedures", "dossiers"}


def test_an_export_holds_its_procedures_decisions_and_its_units_petitions_and_imports_unchanged(
    province, hs1
):
    make_dossier(province.sxd_procedure, code="HS-XD")
    PublicationDecision.objects.filter(
        pk=make_publication(province.stttt_procedure, number="12/QĐ-UBND").pk
    ).update(note="=1+1 công bố")
    make_publication(province.sxd_procedure, number="13/QĐ-UBND", published_on=date(2025, 3, 4))
    make_petition(
        province.stttt,
        code="PAKN-A",
        procedure=province.stttt_procedure,
        dossier=hs1,
        received_at=local(2025, 3, 5, 8, 30),
        refused_at=local(2025, 3, 6, 9, 15),
        rating="satisfied",
    )
    make_petition(province.sxd, code="PAKN-XD")
    target = io.BytesIO()
    write_workbook(target, procedures=Procedure.objects.none(), dossiers=Dossier.objects.filter(code="HS-1"))
    book = openpyxl.load_workbook(io.BytesIO(target.getvalue()))
    assert [c.value for c in book["QuyetDinhCongBo"][1]] == DECISION_HEADERS
    # Only the decision publishing the exported dossier's procedure; a summary typed as a formula stays text.
    assert book["QuyetDinhCongBo"].max_row == 2
    number, decided_on, code, kind, basis, published, note = (c.value for c in book["QuyetDinhCongBo"][2])
    assert (number, decided_on.date(), code, kind, basis.date(), published) == (
        "12/QĐ-UBND",
        date(2025, 3, 1),
        "1.004227",
        "Thêm mới",
        date(2025, 3, 1),
        None,
    )
    assert (note, book["QuyetDinhCongBo"]["G2"].data_type) == ("=1+1 công bố", "s")
    petitions = list(book["PAKN"].iter_rows(min_row=2, values_only=True))
    assert [row[:5] + row[-1:] for row in petitions] == [
        ("PAKN-A", "STTTT", "1.004227", "HS-1", "Quy định hành chính, TTHC", "Hài lòng")
    ]
    before = stored()
    report = import_workbook(io.BytesIO(target.getvalue()), user=province.staff_stttt, dry_run=False)
    assert report.ok, [str(error) for error in report.errors]
    assert sum(report.created.values()) + sum(report.updated.values()) == 0
    assert (report.unchanged["publications"], report.unchanged["petitions"]) == (1, 1)
    assert stored() == before


def test_the_blank_template_has_both_sheets_with_their_headers():
    target = io.BytesIO()
    template_workbook(target)
    book = openpyxl.load_workbook(io.BytesIO(target.getvalue()))
    assert book.sheetnames[-3:-1] == ["QuyetDinhCongBo", "PAKN"]
    assert [c.value for c in book["QuyetDinhCongBo"][1]] == DECISION_HEADERS
    assert [c.value for c in book["PAKN"][1]] == PETITION_HEADERS


def test_a_petition_sheet_without_the_optional_columns_keeps_what_is_stored(province, hs1):
    make_petition(
        province.stttt,
        code="PAKN-A",
        procedure=province.stttt_procedure,
        dossier=hs1,
        finished_at=local(2025, 3, 6),
        rating="satisfied",
    )
    short = [
        PETITION_HEADERS[:2] + PETITION_HEADERS[4:6],
        ["PAKN-A", "STTTT", REGULATION, "03/03/2025 09:00"],
    ]
    report = run(national_sheets([DECISION_HEADERS], short), province.staff_stttt)
    assert report.ok, [str(error) for error in report.errors]
    assert (report.unchanged["petitions"], report.updated["petitions"]) == (1, 0)
    # A blank cell, by contrast, clears what it stands for.
    cleared = [PETITION_HEADERS[:6], ["PAKN-A", "STTTT", None, "HS-1", REGULATION, "03/03/2025 09:00"]]
    report = run(national_sheets([DECISION_HEADERS], cleared), province.staff_stttt)
    assert [str(error) for error in report.errors] == []
    petition = Petition.objects.get(code="PAKN-A")
    assert (petition.procedure, petition.dossier, petition.finished_at, petition.rating) == (
        None,
        hs1,
        local(2025, 3, 6),
        "satisfied",
    )


def test_a_decisions_new_date_and_summary_are_written_once_for_all_its_rows(province):
    decision = make_publication(province.stttt_procedure, province.sxd_procedure, number="1520/QĐ-UBND")
    decisions = [
        DECISION_HEADERS,
        ["1520/QĐ-UBND", "16/03/2025", "1.004227", "Thêm mới", "01/03/2025", None, "Đính chính ngày"],
        ["1520/QĐ-UBND", "16/03/2025", "1.009972", "Thêm mới", "01/03/2025", None, "Đính chính ngày"],
    ]
    report = run(national_sheets(decisions, [PETITION_HEADERS]), province.inspector)
    assert report.ok, [str(error) for error in report.errors]
    assert (report.updated["decisions"], report.unchanged["publications"]) == (1, 2)
    decision.refresh_from_db()
    assert (decision.decided_on, decision.note) == (date(2025, 3, 16), "Đính chính ngày")
    assert [h.history_change_reason for h in decision.history.order_by("history_id")] == [
        None,
        "Nhập từ tệp Excel",
    ]
