"""The administrator's upload of a year's criteria workbook. It is judged and written while the page
waits: a tree is a few hundred rows at most (MAX_ROWS 2000, 5 MB), read in a capped child process in well
under a second, so a background job would only add a page to wait on."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc_portal.dates import EARLIEST, LATEST
from cchc_portal.forms import PortalFormMixin
from procedures.workbook import WorkbookRefused
from scorecards.criteria import criteria_import
from scorecards.criteria_workbook import MAX_BYTES
from scorecards.models import CriteriaSet


class CriteriaImportForm(PortalFormMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx) có trang TieuChi"))
    year = forms.IntegerField(
        label=gettext_lazy("Năm đánh giá"),
        min_value=EARLIEST.year,
        max_value=LATEST.year,
        error_messages={
            "min_value": gettext_lazy("Năm phải từ %(limit_value)s trở đi."),
            "max_value": gettext_lazy("Năm không được sau %(limit_value)s."),
            "invalid": gettext_lazy("Năm phải là một số, ví dụ 2025."),
        },
    )
    kind = forms.ChoiceField(label=gettext_lazy("Đối tượng đánh giá"), choices=CriteriaSet.Kind.choices)
    dry_run = forms.BooleanField(label=gettext_lazy("Chỉ kiểm tra, không ghi"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx (Excel 2007 trở lên)."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp lớn hơn giới hạn %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        return upload


@permission_required("scorecards.add_criteriaset", raise_exception=True)
def criteria_import_page(request: HttpRequest) -> HttpResponse:
    form = CriteriaImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = criteria_import(
                data["file"], year=data["year"], kind=data["kind"], user=request.user, dry_run=data["dry_run"]
            )
        except WorkbookRefused as error:
            form.add_error("file", str(error))
        if report is not None and report.ok and not report.dry_run:
            messages.success(
                request,
                _("Đã nhập %(n)s tiêu chí của bộ tiêu chí %(set)s.")
                % {"n": report.created, "set": report.criteria_set},
            )
            return redirect("scorecards:criteria_import")
    return render(request, "scorecards/criteria_import.html", {"form": form, "report": report})
