"""Fields, procedures, dossiers, publication decisions and petitions (PAKN) over the API. Records are found through the selectors only, so that
another department's record is a 404 for read and write alike, exactly as on the pages; a role without
the permission gets a 403 before any lookup. Every dossier write goes through procedures.services."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.decorators import method_decorator
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from cchc_portal.api_support import (
    LOOKUP_REGEX,
    ActionPermission,
    CodeLookupMixin,
    PortalPagination,
    error_responses,
    run_service,
)
from procedures import services
from procedures.dossier_facts import dossier_record_facts
from procedures.filters import DossierApiFilter, ProcedureFilter
from procedures.models import Dossier, Field, Petition, Procedure, PublicationDecision, PublicationItem
from procedures.national_filters import PetitionFilter, PublicationDecisionFilter
from procedures.national_serializers import PetitionSerializer, PublicationDecisionSerializer
from procedures.selectors import dossier_list, petition_list, procedure_list
from procedures.serializers import (
    DossierChangeSerializer,
    DossierFactsSerializer,
    DossierFinishSerializer,
    DossierRegisterSerializer,
    DossierSerializer,
    FieldSerializer,
    ProcedureSerializer,
    SupplementRequestSerializer,
)

# DRF authenticates API calls itself and answers in JSON, so the login redirect of pages must not apply.
api_view = method_decorator(login_not_required, name="dispatch")
PERMISSIONS = [IsAuthenticated, ActionPermission]


@api_view
@extend_schema_view(list=extend_schema(responses={200: FieldSerializer, **error_responses(403, 404)}))
class FieldViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = FieldSerializer
    pagination_class = PortalPagination
    queryset = Field.objects.order_by("name")


@api_view
@extend_schema_view(
    list=extend_schema(responses={200: ProcedureSerializer, **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: ProcedureSerializer, **error_responses(403, 404)}),
    create=extend_schema(responses={201: ProcedureSerializer, **error_responses(400, 403)}),
    update=extend_schema(responses={200: ProcedureSerializer, **error_responses(400, 403, 404)}),
    partial_update=extend_schema(responses={200: ProcedureSerializer, **error_responses(400, 403, 404)}),
)
class ProcedureViewSet(
    CodeLookupMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Thủ tục hành chính. Công chức đơn vị thêm, sửa thủ tục của đơn vị mình."""

    serializer_class = ProcedureSerializer
    pagination_class = PortalPagination
    permission_classes = PERMISSIONS
    action_permissions = {
        "create": "procedures.add_procedure",
        "update": "procedures.change_procedure",
        "partial_update": "procedures.change_procedure",
    }
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProcedureFilter
    lookup_field = "code"
    lookup_value_regex = LOOKUP_REGEX

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI generator, which has no user
            return Procedure.objects.none()
        return procedure_list(user=self.request.user).prefetch_related("units").order_by("code")


@api_view
@extend_schema_view(
    list=extend_schema(responses={200: DossierSerializer, **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: DossierSerializer, **error_responses(403, 404)}),
)
class DossierViewSet(CodeLookupMixin, viewsets.ReadOnlyModelViewSet):
    """Hồ sơ. Công chức đơn vị tiếp nhận hồ sơ, sửa thông tin tiếp nhận và trả kết quả."""

    serializer_class = DossierSerializer
    pagination_class = PortalPagination
    permission_classes = PERMISSIONS
    action_permissions = {
        "create": "procedures.add_dossier",
        "update": "procedures.change_dossier",
        "partial_update": "procedures.change_dossier",
        "finish": "procedures.change_dossier",
        "facts": "procedures.change_dossier",
    }
    filter_backends = [DjangoFilterBackend]
    filterset_class = DossierApiFilter
    lookup_field = "code"
    lookup_value_regex = LOOKUP_REGEX

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI generator, which has no user
            return Dossier.objects.none()
        # The primary key breaks ties between dossiers received at the same moment, so that no dossier
        # is skipped or repeated from one page to the next.
        return dossier_list(user=self.request.user).order_by("-received_at", "-pk")

    @extend_schema(
        request=DossierRegisterSerializer,
        responses={201: DossierSerializer, **error_responses(400, 403)},
        description="Tiếp nhận hồ sơ; ngày hẹn trả được tính theo lịch ngày làm việc nếu để trống.",
    )
    def create(self, request: Request) -> Response:
        data = self._valid(DossierRegisterSerializer, request)
        dossier = run_service(lambda: services.dossier_register(**data))
        location = reverse("api:dossier-detail", kwargs={"code": dossier.code})
        return Response(
            self._payload(dossier), status=status.HTTP_201_CREATED, headers={"Location": location}
        )

    @extend_schema(
        request=DossierChangeSerializer,
        responses={200: DossierSerializer, **error_responses(400, 403, 404)},
        description="Sửa thông tin tiếp nhận (thay toàn bộ; ngày hẹn trả để trống thì tính lại).",
    )
    def update(self, request: Request, code: str) -> Response:
        return self._change(request, partial=False)

    @extend_schema(
        request=DossierChangeSerializer,
        responses={200: DossierSerializer, **error_responses(400, 403, 404)},
        description=(
            "Sửa một phần thông tin tiếp nhận. Ngày hẹn trả do cán bộ nhập được giữ nguyên; ngày hẹn trả "
            "theo lịch được tính lại khi đổi thời điểm tiếp nhận."
        ),
    )
    def partial_update(self, request: Request, code: str) -> Response:
        return self._change(request, partial=True)

    @extend_schema(
        request=DossierFinishSerializer,
        responses={200: DossierSerializer, **error_responses(400, 403, 404)},
        description="Trả kết quả (resolved), hoặc kết thúc không có kết quả (withdrawn, refused).",
    )
    @action(detail=True, methods=["post"])
    def finish(self, request: Request, code: str) -> Response:
        dossier = self.get_object()
        data = self._valid(DossierFinishSerializer, request)
        return Response(self._payload(run_service(lambda: services.dossier_finish(dossier=dossier, **data))))

    @extend_schema(
        request=DossierFactsSerializer,
        responses={200: DossierSerializer, **error_responses(400, 403, 404)},
        description="Ghi dữ liệu DVCQG của hồ sơ; trường không gửi được giữ nguyên.",
    )
    @action(detail=True, methods=["post"])
    def facts(self, request: Request, code: str) -> Response:
        dossier = self.get_object()
        data = self._valid(DossierFactsSerializer, request)
        return Response(self._payload(run_service(lambda: dossier_record_facts(dossier=dossier, **data))))

    @extend_schema(
        responses={200: SupplementRequestSerializer(many=True), **error_responses(403, 404)},
        description=(
            "Các lần yêu cầu bổ sung hồ sơ, theo thứ tự: ngày và thời điểm yêu cầu, ngày và thời điểm nhận "
            "đủ (trống: đang chờ). Thời điểm trống khi chỉ biết ngày."
        ),
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def supplements(self, request: Request, code: str) -> Response:
        requests = self.get_object().supplements.order_by("requested_on", "requested_at", "pk")
        return Response(SupplementRequestSerializer(requests, many=True).data)

    def _change(self, request: Request, *, partial: bool) -> Response:
        dossier = self.get_object()
        data = self._valid(DossierChangeSerializer, request, partial=partial)
        # What a partial change leaves out stays as it is; the service lets a due date the calendar
        # computed follow a new receipt time, and keeps one typed in by staff (spec/domain.md).
        current = {
            "applicant": dossier.applicant,
            "channel": dossier.channel,
            "received_at": dossier.received_at,
            "due_on": dossier.due_on,
        }
        changes = {**current, **data} if partial else data
        return Response(
            self._payload(run_service(lambda: services.dossier_update(dossier=dossier, **changes)))
        )

    def _valid(self, serializer_class: type, request: Request, *, partial: bool = False) -> dict:
        serializer = serializer_class(
            data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _payload(self, dossier: Dossier) -> dict:
        return DossierSerializer(dossier, context=self.get_serializer_context()).data


WRITE_ACTIONS = ("create", "update", "partial_update")


@api_view
@extend_schema_view(
    list=extend_schema(responses={200: PublicationDecisionSerializer, **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: PublicationDecisionSerializer, **error_responses(403, 404)}),
    create=extend_schema(responses={201: PublicationDecisionSerializer, **error_responses(400, 403)}),
    update=extend_schema(responses={200: PublicationDecisionSerializer, **error_responses(400, 403, 404)}),
    partial_update=extend_schema(
        responses={200: PublicationDecisionSerializer, **error_responses(400, 403, 404)}
    ),
)
class PublicationDecisionViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Quyết định công bố TTHC của tỉnh. Mọi người dùng xem; cán bộ kiểm tra và quản trị thêm, sửa."""

    serializer_class = PublicationDecisionSerializer
    pagination_class = PortalPagination
    permission_classes = PERMISSIONS
    action_permissions = {
        action: f"procedures.{'add' if action == 'create' else 'change'}_publicationdecision"
        for action in WRITE_ACTIONS
    }
    filter_backends = [DjangoFilterBackend]
    filterset_class = PublicationDecisionFilter
    # Decisions are provincial, read by everyone: no scope.
    queryset = PublicationDecision.objects.prefetch_related(
        Prefetch("items", queryset=PublicationItem.objects.select_related("procedure"))
    ).order_by("-decided_on", "pk")


@api_view
@extend_schema_view(
    list=extend_schema(responses={200: PetitionSerializer, **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: PetitionSerializer, **error_responses(403, 404)}),
    create=extend_schema(responses={201: PetitionSerializer, **error_responses(400, 403)}),
    update=extend_schema(responses={200: PetitionSerializer, **error_responses(400, 403, 404)}),
    partial_update=extend_schema(responses={200: PetitionSerializer, **error_responses(400, 403, 404)}),
)
class PetitionViewSet(
    CodeLookupMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Phản ánh, kiến nghị (PAKN). Công chức đơn vị thêm, sửa PAKN của đơn vị mình."""

    serializer_class = PetitionSerializer
    pagination_class = PortalPagination
    permission_classes = PERMISSIONS
    action_permissions = {
        action: f"procedures.{'add' if action == 'create' else 'change'}_petition" for action in WRITE_ACTIONS
    }
    filter_backends = [DjangoFilterBackend]
    filterset_class = PetitionFilter
    lookup_field = "code"
    lookup_value_regex = LOOKUP_REGEX

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI generator, which has no user
            return Petition.objects.none()
        # The user's units as for dossiers, the pages' selector: another unit's petition is a 404.
        return petition_list(user=self.request.user).order_by("-received_at", "-pk")
