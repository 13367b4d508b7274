"""The import page's form: a workbook, or a file in the national synchronisation layout
(procedures.import_dvc), which may be the one the one-stop system sent to DVCQG. It widens
procedures.forms.ImportForm, which takes workbooks only."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from procedures.forms import ImportForm
from procedures.tasks import DVC_SUFFIXES


class ImportUploadForm(ImportForm):
    file = forms.FileField(label=_("Tệp Excel (.xlsx) theo mẫu, hoặc tệp đồng bộ quốc gia (.json, .jsonl)"))
    synced = forms.BooleanField(
        label=_("Tệp do hệ thống một cửa gửi lên Cổng DVCQG (đã đồng bộ)"),
        required=False,
        help_text=_(
            "Chỉ với tệp .json/.jsonl: các hồ sơ trong tệp được ghi nhận là đã đồng bộ lên Cổng DVCQG."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".xlsx", *DVC_SUFFIXES):
            raise forms.ValidationError(
                _(
                    "Chỉ nhận tệp .xlsx (Excel 2007 trở lên), hoặc .json/.jsonl theo định dạng đồng bộ quốc gia."
                )
            )
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp lớn hơn giới hạn %(mb)s MB.") % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return upload

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if data.get("synced") and upload and Path(upload.name).suffix.lower() not in DVC_SUFFIXES:
            self.add_error(
                "synced",
                _(
                    "Tệp Excel ghi việc đồng bộ ở cột “Đã đồng bộ DVCQG”; ô này chỉ dùng cho tệp .json/.jsonl."
                ),
            )
        return data
