"""The paragraph an inspection report writes about a department's figures, generated from them.

Every number in it is read from an IndicatorSet (the national index's sentence from an IndexResult); a
figure the indicators do not hold (a rate over nothing, an undeclared value) is left out rather than
guessed."""

from datetime import date

from django.utils.translation import gettext as _

from reporting.formatting import vn_date, vn_number, vn_percent
from reporting.index766_rules import IndexGroup, IndexResult
from reporting.results import IndicatorSet


def _dossiers(count: int) -> str:
    return _("%(count)s hồ sơ") % {"count": count}


def dossier_sentence(result: IndicatorSet) -> str:
    v = result.values()
    if not v["received"] and not v["carried_over"]:
        return _("Trong kỳ, đơn vị không tiếp nhận hồ sơ nào và không có hồ sơ kỳ trước chuyển sang.")
    received = _("đã tiếp nhận %(received)s") % {"received": _dossiers(v["received"])}
    if v["carried_over"]:
        received += _(" (ngoài ra có %(n)s kỳ trước chuyển sang)") % {"n": _dossiers(v["carried_over"])}
    parts = []
    good = v["resolved_early"] + v["resolved_on_time"]
    if good:
        parts.append(_("có %(n)s giải quyết đúng và trước hạn") % {"n": _dossiers(good)})
    elif v["resolved"]:
        parts.append(_("chưa có hồ sơ nào giải quyết đúng hạn"))
    if v["in_progress_within_deadline"]:
        parts.append(_("%(n)s còn trong thời hạn xử lý") % {"n": _dossiers(v["in_progress_within_deadline"])})
    if v["in_progress_overdue"]:
        parts.append(_("%(n)s đang giải quyết quá hạn") % {"n": _dossiers(v["in_progress_overdue"])})
    if v["withdrawn"]:
        parts.append(_("%(n)s rút") % {"n": _dossiers(v["withdrawn"])})
    if v["refused"]:
        parts.append(_("%(n)s bị từ chối giải quyết") % {"n": _dossiers(v["refused"])})
    if v["resolved_late"]:
        late = _("%(n)s giải quyết trễ hạn") % {"n": _dossiers(v["resolved_late"])}
        if v["late_with_apology"]:
            late += _(" (%(n)s có phiếu xin lỗi và hẹn lại ngày trả kết quả)") % {
                "n": _dossiers(v["late_with_apology"])
            }
        parts.append(late)
    elif v["resolved"]:
        parts.append(_("không có hồ sơ giải quyết trễ hạn"))
    sentence = _("Trong kỳ, đơn vị %(received)s") % {"received": received}
    if parts:
        sentence += ", " + ", ".join(parts)
    if v["rated"]:
        sentence += "; " + _("mức độ hài lòng của tổ chức, cá nhân đạt %(rate)s") % {
            "rate": vn_percent(v["satisfaction_rate"])
        }
    return sentence + "."


def procedure_sentence(result: IndicatorSet) -> str:
    v = result.values()
    if not v["procedures_total"]:
        return _("Đơn vị chưa có thủ tục hành chính nào trong danh mục.")
    sentence = _("Đơn vị có %(total)s TTHC") % {"total": v["procedures_total"]}
    if v["procedures_reduced"]:
        sentence += _(
            ", đã cắt giảm thời gian giải quyết của %(reduced)s/%(total)s TTHC, tỷ lệ %(share)s"
        ) % {
            "reduced": v["procedures_reduced"],
            "total": v["procedures_total"],
            "share": vn_percent(v["reduced_share"]),
        }
    else:
        sentence += _(", chưa có TTHC nào được cắt giảm thời gian giải quyết")
    levels = []
    if v["procedures_level3"]:
        levels.append(_("%(n)s TTHC cung cấp mức độ 3") % {"n": v["procedures_level3"]})
    if v["procedures_level4"]:
        levels.append(_("%(n)s TTHC cung cấp mức độ 4") % {"n": v["procedures_level4"]})
    if levels:
        sentence += "; " + _(" và ").join(levels)
    return sentence + "."


def declaration_sentence(result: IndicatorSet) -> str:
    parts = []
    staff = result["staff_reduction_rate"]
    if staff.value is not None:
        text = _("thực hiện tinh giản biên chế được %(n)s công chức, đạt %(rate)s") % {
            "n": staff.numerator,
            "rate": vn_percent(staff.value),
        }
        target = staff.context.get("target_pct")
        if target is not None:
            year = staff.context.get("target_year")
            text += (
                _(" (kế hoạch đề ra đến năm %(year)s là %(target)s)") if year else _(" (kế hoạch %(target)s)")
            ) % {
                "year": year,
                "target": vn_percent(target),
            }
        parts.append(text)
    before, after = result["divisions_before"].value, result["divisions_after"].value
    if before is not None and after is not None:
        parts.append(
            _("sắp xếp các phòng chuyên môn từ %(before)s phòng còn %(after)s")
            % {
                "before": before,
                "after": after,
            }
        )
    training = result["training_completion_rate"].value
    if training is not None:
        parts.append(_("thực hiện kế hoạch đào tạo, bồi dưỡng đạt %(rate)s") % {"rate": vn_percent(training)})
    disbursement = result["disbursement_rate"]
    if disbursement.value is not None:
        parts.append(
            _("đến ngày %(day)s giải ngân đạt %(rate)s kế hoạch vốn")
            % {
                "day": vn_date(disbursement.context.get("measured_on")),
                "rate": vn_percent(disbursement.value),
            }
        )
    if not parts:
        return ""
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _group_available(group: IndexGroup) -> float:
    """The maxima of the group's indicators that have data: what it could have had."""
    return sum(indicator.max for indicator in group.indicators if indicator.points is not None)


def index766_sentence(
    result: IndexResult,
    *,
    rank: int | None = None,
    ranked: int = 0,
    among: str = "",
    month: date | None = None,
) -> str:
    """The unit's national index (766): its total, its rank among the units ranked with it, and its
    strongest and weakest group by the share of the points it could have had; "" where it has none."""
    if result.total is None:
        return ""
    sentence = _("Theo Bộ chỉ số 766%(month)s, đơn vị đạt %(total)s/%(available)s điểm") % {
        "month": f" tháng {month:%m/%Y}" if month else "",
        "total": vn_number(result.total),
        "available": vn_number(result.max_available),
    }
    if rank is not None and ranked:
        sentence += _(", xếp thứ %(rank)s/%(ranked)s %(among)s") % {
            "rank": rank,
            "ranked": ranked,
            "among": among,
        }
    scored = [group for group in result.groups if group.points is not None and _group_available(group)]
    if len(scored) > 1:
        ordered = sorted(scored, key=lambda group: group.points / _group_available(group))
        weakest, strongest = ordered[0], ordered[-1]
        sentence += "; " + _(
            "mạnh nhất là nhóm “%(strong)s” (%(strong_points)s/%(strong_max)s điểm), yếu nhất là nhóm "
            "“%(weak)s” (%(weak_points)s/%(weak_max)s điểm)"
        ) % {
            "strong": strongest.label,
            "strong_points": vn_number(strongest.points),
            "strong_max": vn_number(_group_available(strongest)),
            "weak": weakest.label,
            "weak_points": vn_number(weakest.points),
            "weak_max": vn_number(_group_available(weakest)),
        }
    return sentence + "."


def summary_paragraph(result: IndicatorSet) -> str:
    return " ".join(
        part
        for part in (dossier_sentence(result), procedure_sentence(result), declaration_sentence(result))
        if part
    )
