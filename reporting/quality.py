"""Data-quality checks: records that break the rules, so that "số liệu báo cáo chưa đầy đủ" shows.

Each check is a condition on dossiers, counted in one grouped query and listed through the same
condition. A rule the database already enforces (a return before the receipt, a finished dossier
without a return date: CheckConstraints on procedures.Dossier) is no check here, since no record can
break it."""

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from procedures.models import DOSSIER_CODE_BREAKS_RULE
from reporting.results import Period


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    explanation: str
    condition: Q


CHECKS = [
    Check(
        "due_date_differs",
        _("Ngày hẹn trả khác ngày tính theo lịch"),
        _("Ngày hẹn trả nhập tay khác ngày tính từ thời hạn giải quyết và lịch ngày làm việc."),
        ~Q(due_on=F("computed_due_on")),
    ),
    Check(
        "satisfaction_unfinished",
        _("Có đánh giá hài lòng khi chưa trả kết quả"),
        _("Hồ sơ chưa trả kết quả nhưng đã ghi mức độ hài lòng."),
        Q(finished_at__isnull=True) & ~Q(satisfaction=""),
    ),
    Check(
        "code_breaks_rule",
        _("Mã hồ sơ không đúng quy tắc"),
        _(
            "Mã có ký tự ẩn hoặc ký tự điều khiển, khoảng trắng, chữ có dấu, ký tự độ rộng toàn phần, dấu “/” "
            "hoặc “\\”, hay chỉ là “.” hoặc “..” (nhập trước khi có quy tắc): khó tìm theo mã và tệp xuất "
            "không nhập lại được. Quản trị viên sửa mã trong trang quản trị."
        ),
        DOSSIER_CODE_BREAKS_RULE,
    ),
    Check(
        "apology_not_late",
        _("Phiếu xin lỗi cho hồ sơ không trễ hạn"),
        _("Hồ sơ có phiếu xin lỗi nhưng đã trả kết quả đúng hoặc trước hạn."),
        Q(apology_issued_on__isnull=False, finished_on__lte=F("effective_due_on")),
    ),
]
CHECKS_BY_CODE = {check.code: check for check in CHECKS}


@dataclass(frozen=True)
class CheckResult:
    check: Check
    count: int


def _period_scope(period: Period) -> Q:
    """Dossiers received or finished in the period: the records behind its figures."""
    return Q(received_on__gte=period.start, received_on__lte=period.end) | Q(
        finished_on__gte=period.start, finished_on__lte=period.end
    )


def quality_report(queryset: QuerySet, period: Period) -> list[CheckResult]:
    """Every check's count over the dossiers of the period, in one query."""
    counts = queryset.filter(_period_scope(period)).aggregate(
        **{check.code: Count("pk", filter=check.condition) for check in CHECKS}
    )
    return [CheckResult(check, counts[check.code]) for check in CHECKS]


def quality_records(queryset: QuerySet, code: str, period: Period) -> QuerySet:
    return queryset.filter(_period_scope(period) & CHECKS_BY_CODE[code].condition)
