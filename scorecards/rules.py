"""How an auto-scored leaf turns a figure into points, as the criteria workbook writes it:
`tuyến tính A-B` (nothing at A or less, the maximum at B or more, a straight line between) or steps
`≥100:1; ≥95:0,75; ≥0:0` (the first step the figure reaches gives that fraction of the maximum).
Numbers are written the Vietnamese way, with a decimal comma; `>=` is read as `≥`.

A rule is kept parsed as JSON on the criterion (numbers as text, so that no float rounds them):
{"kind": "linear", "low": "80", "high": "100"} or {"kind": "steps", "steps": [["100", "1"], ["95", "0.75"]]}."""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
_NUMBER = r"[0-9]+(?:[.,][0-9]+)?"
_LINEAR = re.compile(rf"tuyến tính\s*({_NUMBER})\s*%?\s*[-–]\s*({_NUMBER})\s*%?", re.IGNORECASE)
_STEP = re.compile(rf"≥\s*({_NUMBER})\s*%?\s*:\s*({_NUMBER})")


class RuleError(ValueError):
    """A rule that cannot be read; the message says why, in Vietnamese."""


def _number(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise RuleError(_("“%(text)s” không phải một số.") % {"text": text}) from None


def _text(number: Decimal) -> str:
    return f"{number.normalize():f}"


def parse_rule(text: str) -> dict:
    """The rule as JSON, or RuleError naming what is wrong with it."""
    written = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).strip()).replace(">=", "≥")
    linear = _LINEAR.fullmatch(written)
    if linear:
        low, high = _number(linear[1]), _number(linear[2])
        if low >= high:
            raise RuleError(
                _("Cách tính điểm tuyến tính cần giá trị đầu nhỏ hơn giá trị cuối (“%(text)s”).")
                % {"text": text}
            )
        return {"kind": "linear", "low": _text(low), "high": _text(high)}
    parts = [part.strip() for part in written.split(";") if part.strip()]
    steps = [_STEP.fullmatch(part) for part in parts]
    if not parts or not all(steps):
        raise RuleError(
            _(
                "Cách tính điểm “%(text)s” không đúng mẫu: “tuyến tính A-B” hoặc các bậc “≥100:1; ≥95:0,75; ≥0:0”."
            )
            % {"text": text}
        )
    parsed = [(_number(step[1]), _number(step[2])) for step in steps]
    for _threshold, fraction in parsed:
        if fraction > 1:
            raise RuleError(
                _("Mỗi bậc cho một phần của điểm tối đa, từ 0 đến 1; “%(value)s” lớn hơn 1.")
                % {"value": _text(fraction).replace(".", ",")}
            )
    thresholds = [threshold for threshold, _fraction in parsed]
    if any(later >= earlier for earlier, later in zip(thresholds, thresholds[1:], strict=False)):
        raise RuleError(
            _("Các bậc phải viết từ ngưỡng cao xuống ngưỡng thấp, không lặp lại (“%(text)s”).")
            % {"text": text}
        )
    return {"kind": "steps", "steps": [[_text(threshold), _text(fraction)] for threshold, fraction in parsed]}


def rule_points(rule: dict, value: Decimal, max_points: Decimal) -> Decimal:
    """The points a figure earns under a parsed rule, rounded half up to two decimals."""
    if rule["kind"] == "linear":
        low, high = Decimal(rule["low"]), Decimal(rule["high"])
        share = min(Decimal(1), max(Decimal(0), (value - low) / (high - low)))
    else:
        share = next(
            (Decimal(fraction) for threshold, fraction in rule["steps"] if value >= Decimal(threshold)),
            Decimal(0),
        )
    return (max_points * share).quantize(CENT, rounding=ROUND_HALF_UP)


def rule_text(rule: dict) -> str:
    """The rule written back as the workbook writes it (the copy of a set, the export of a tree)."""
    if rule["kind"] == "linear":
        return f"tuyến tính {rule['low']}-{rule['high']}".replace(".", ",")
    return "; ".join(f"≥{threshold}:{fraction}".replace(".", ",") for threshold, fraction in rule["steps"])
