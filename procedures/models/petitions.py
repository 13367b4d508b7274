"""Petitions (phản ánh, kiến nghị – PAKN) about procedures and the officials who carry them out, with
their lifecycle and the petitioner's rating (spec/index766.md, "Data the index needs")."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc_portal.codes import CodeRule, normalise_code
from cchc_portal.dates import validate_in_range
from procedures.models.catalogue import DOSSIER_CODE_PATTERN, Procedure
from procedures.models.dossiers import Dossier

# The same characters as a dossier code: the national system's codes are ASCII, and a code is a URL part.
petition_code_rule = CodeRule(
    label=_("Mã PAKN"),
    pattern=DOSSIER_CODE_PATTERN,
    message=_("Mã PAKN chỉ gồm chữ cái không dấu, chữ số và dấu câu (ký tự ASCII)."),
)
TIME_BEFORE_RECEIPT = _("Thời điểm này không được trước thời điểm tiếp nhận PAKN.")
REFUSED_AND_FINISHED = _("PAKN đã từ chối tiếp nhận thì không có thời điểm giải quyết xong.")
DOSSIER_OF_OTHER_PROCEDURE = _("Hồ sơ này thuộc thủ tục khác với thủ tục của PAKN.")
# The lifecycle's times, each of which comes on or after the receipt.
LIFECYCLE_TIMES = ("refused_at", "supplement_requested_at", "finished_at", "published_at")
# What people type of a petition, in the order the form and the API give it.
ENTERED_FIELDS = (
    "code",
    "department",
    "procedure",
    "dossier",
    "category",
    "received_at",
    *LIFECYCLE_TIMES,
    "rating",
)


class Petition(models.Model):
    class Category(models.TextChoices):
        REGULATION = "regulation", _("Quy định hành chính, TTHC")
        CONDUCT = "conduct", _("Hành vi của cán bộ, công chức")

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("Hài lòng")
        DISSATISFIED = "dissatisfied", _("Không hài lòng")

    code = models.CharField(
        _("mã PAKN"),
        max_length=50,
        unique=True,
        validators=[petition_code_rule],
        error_messages={"unique": _("Đã có PAKN mã này.")},
    )
    department = models.ForeignKey(
        "departments.Department",
        verbose_name=_("đơn vị xử lý"),
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    procedure = models.ForeignKey(
        Procedure,
        verbose_name=_("thủ tục"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions",
    )
    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("hồ sơ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions",
    )
    category = models.CharField(_("phân loại"), max_length=12, choices=Category.choices)
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), validators=[validate_in_range])
    refused_at = models.DateTimeField(
        _("thời điểm từ chối tiếp nhận"), null=True, blank=True, validators=[validate_in_range]
    )
    supplement_requested_at = models.DateTimeField(
        _("thời điểm yêu cầu bổ sung"), null=True, blank=True, validators=[validate_in_range]
    )
    finished_at = models.DateTimeField(
        _("thời điểm giải quyết xong"), null=True, blank=True, validators=[validate_in_range]
    )
    published_at = models.DateTimeField(
        _("thời điểm công khai kết quả"), null=True, blank=True, validators=[validate_in_range]
    )
    rating = models.CharField(
        _("đánh giá"),
        max_length=12,
        choices=Rating.choices,
        blank=True,
        help_text=_("Để trống nếu người phản ánh chưa đánh giá."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=DOSSIER_CODE_PATTERN) & ~Q(code__contains="\n"),
                name="petition_code_format",
            ),
            models.CheckConstraint(
                condition=Q(category__in=["regulation", "conduct"]), name="petition_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(rating__in=["", "satisfied", "dissatisfied"]), name="petition_rating_valid"
            ),
            models.CheckConstraint(
                condition=Q(refused_at__isnull=True) | Q(finished_at__isnull=True),
                name="petition_refused_or_finished",
                violation_error_message=REFUSED_AND_FINISHED,
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": F("received_at")}),
                    name=f"petition_{name}_not_before_receipt",
                    violation_error_message=TIME_BEFORE_RECEIPT,
                )
                for name in LIFECYCLE_TIMES
            ],
        ]
        indexes = [models.Index(fields=["department", "received_at"], name="petition_dept_received")]

    def __str__(self) -> str:
        return self.code

    def clean_fields(self, exclude=None) -> None:
        # Judged and stored as every other path does.
        self.code = normalise_code(self.code)
        super().clean_fields(exclude)

    def clean(self) -> None:
        problems = petition_problems(
            received_at=self.received_at,
            times={name: getattr(self, name) for name in LIFECYCLE_TIMES},
            procedure_id=self.procedure_id,
            dossier=self.dossier,
        )
        if problems:
            raise ValidationError(problems)


def petition_problems(
    *,
    received_at: datetime | None,
    times: dict[str, datetime | None],
    procedure_id: int | None,
    dossier: Dossier | None,
) -> dict[str, str]:
    """What is wrong with a petition, as messages by field: the admin (through clean) and the API (its
    serializer) say it in these words, and the database refuses the same by its constraints."""
    problems = {}
    if received_at is not None:
        for name, moment in times.items():
            if moment is not None and moment < received_at:
                problems[name] = TIME_BEFORE_RECEIPT
    if times.get("refused_at") is not None and times.get("finished_at") is not None:
        problems.setdefault("finished_at", REFUSED_AND_FINISHED)
    if dossier is not None and procedure_id is not None and dossier.procedure_id != procedure_id:
        problems["dossier"] = DOSSIER_OF_OTHER_PROCEDURE
    return problems
