"""The period picker of the dashboards: year, quarter, month or a custom range, and the period before it."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django import forms
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc_portal.dates import EARLIEST, LATEST
from reporting.cache import memoised
from reporting.results import Period

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kỳ báo cáo"),
        choices=[
            ("year", gettext_lazy("Năm")),
            ("quarter", gettext_lazy("Quý")),
            ("month", gettext_lazy("Tháng")),
            ("custom", gettext_lazy("Khoảng ngày")),
        ],
        required=False,
    )
    year = forms.IntegerField(
        label=gettext_lazy("Năm"), min_value=EARLIEST.year, max_value=LATEST.year, required=False
    )
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quý"), choices=[(q, ROMAN[q]) for q in ROMAN], coerce=int, required=False
    )
    month = forms.TypedChoiceField(
        label=gettext_lazy("Tháng"), choices=[(m, str(m)) for m in range(1, 13)], coerce=int, required=False
    )
    start = forms.DateField(
        label=gettext_lazy("Từ ngày"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    end = forms.DateField(
        label=gettext_lazy("Đến ngày"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        for name in ("start", "end"):
            day = data.get(name)
            if day and not (EARLIEST <= day <= LATEST):
                self.add_error(
                    name,
                    _("Hãy chọn ngày trong khoảng %(first)s – %(last)s.")
                    % {"first": f"{EARLIEST:%d/%m/%Y}", "last": f"{LATEST:%d/%m/%Y}"},
                )
                return data
        if data.get("kind") == "custom":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("Hãy nhập cả ngày bắt đầu và ngày kết thúc."))
            if start > end:
                raise forms.ValidationError(_("Ngày kết thúc phải từ ngày bắt đầu trở về sau."))
        return data


@dataclass(frozen=True)
class SelectedPeriod:
    kind: str
    period: Period
    previous: Period
    label: str
    previous_label: str
    form: PeriodForm

    @property
    def query_params(self) -> str:
        """The picker's choice, for links to other pages that show the same period."""
        start = self.period.start
        params = {"kind": self.kind}
        if self.kind == "custom":
            params.update(start=f"{start:%d/%m/%Y}", end=f"{self.period.end:%d/%m/%Y}")
        else:
            params["year"] = str(start.year)
            if self.kind == "quarter":
                params["quarter"] = str((start.month + 2) // 3)
            elif self.kind == "month":
                params["month"] = str(start.month)
        return urlencode(params)

    @property
    def query(self) -> str:
        """The period as drill-down links carry it."""
        return f"from={self.period.start.isoformat()}&to={self.period.end.isoformat()}"


def _shift_months(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _nominal(kind: str, year: int, quarter: int, month: int) -> tuple[date, date, int]:
    """A calendar period's first and last day, and its length in months."""
    if kind == "quarter":
        first = date(year, 3 * quarter - 2, 1)
        return first, _shift_months(first, 3) - timedelta(days=1), 3
    if kind == "month":
        first = date(year, month, 1)
        return first, _shift_months(first, 1) - timedelta(days=1), 1
    return date(year, 1, 1), date(year, 12, 31), 12


def _label(kind: str, start: date, end: date, capped: bool) -> str:
    if kind == "year":
        text = _("Năm %(year)s") % {"year": start.year}
    elif kind == "quarter":
        text = _("Quý %(quarter)s/%(year)s") % {"quarter": ROMAN[(start.month + 2) // 3], "year": start.year}
    elif kind == "month":
        text = _("Tháng %(month)s/%(year)s") % {"month": start.month, "year": start.year}
    else:
        return _("Từ %(start)s đến %(end)s") % {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"}
    if capped:
        text += " " + _("(đến %(end)s)") % {"end": f"{end:%d/%m/%Y}"}
    return text


def select_period(params, *, today: date) -> SelectedPeriod:
    """The period a dashboard shows; the default is this year so far. A period never runs past today,
    since nothing after today has happened yet."""
    form = PeriodForm(params)
    data = form.cleaned_data if form.is_valid() else {}
    kind = data.get("kind") or "year"
    if kind == "custom" and data.get("start"):
        start, end = data["start"], min(data["end"], today)
        start = min(start, end)
        length = end - start
        previous_end = start - timedelta(days=1)
        previous = Period(previous_end - length, previous_end)
        label = _label(kind, start, end, False)
        previous_label = _label(kind, previous.start, previous.end, False)
    else:
        year = data.get("year") or today.year
        start, nominal_end, months = _nominal(kind, year, data.get("quarter") or 1, data.get("month") or 1)
        if start > today:
            start, nominal_end, months = _nominal(kind, today.year, (today.month + 2) // 3, today.month)
        end = min(nominal_end, today)
        previous_start = _shift_months(start, -months)
        previous_end = min(_shift_months(end, -months), start - timedelta(days=1))
        previous = Period(previous_start, previous_end)
        label = _label(kind, start, end, end < nominal_end)
        previous_label = _label(kind, previous_start, previous_end, end < nominal_end)
    initial = {
        "kind": kind,
        "year": start.year,
        "quarter": (start.month + 2) // 3,
        "month": start.month,
        "start": start,
        "end": end,
    }
    bound = PeriodForm(initial=initial) if form.is_valid() else form
    return SelectedPeriod(kind, Period(start, end), previous, label, previous_label, bound)


def picker_html(selected: SelectedPeriod, *, today: date, keep_sort: str = "") -> str:
    """The picker as reporting/period_picker.html renders it, rendered once for each choice (it is a
    function of the query alone) rather than on every page load."""
    # The choice made (a valid form is shown unbound, from its initial values) and what was typed (an
    # invalid one is shown bound, with its errors).
    data = tuple(sorted((key, tuple(values)) for key, values in selected.form.data.lists()))
    chosen = (selected.kind, selected.period, selected.previous, selected.label, selected.previous_label)
    key = ("picker", chosen, data, keep_sort, today)
    context = {"selected": selected, "keep_sort": keep_sort}
    return memoised(key, lambda: render_to_string("reporting/period_picker.html", context))
