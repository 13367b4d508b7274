"""Pages of the national data: petitions (PAKN), which are their unit's as dossiers are (staff of the unit
write them, everyone who sees the unit reads them), and publication decisions, which are the province's
(inspectors and administrators write them, everyone reads them). Each page reads through the selectors
and checks the role's permission as the API does (procedures.api), and writes through
procedures.national_services."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cchc_portal.audit import audit_trail
from cchc_portal.forms import apply_service
from cchc_portal.listing import paginate, query_without_page
from departments.selectors import department_list
from procedures.models import Petition, PublicationDecision, PublicationItem
from procedures.national_forms import (
    PETITION_STATUS,
    DecisionForm,
    DecisionPageFilter,
    PetitionForm,
    PetitionPageFilter,
    PublicationItemFormSet,
    label_statuses,
)
from procedures.national_services import decision_save, petition_save
from procedures.selectors import dossier_list, petition_get, petition_list, procedure_list


def petition_index(request: HttpRequest) -> HttpResponse:
    """The petitions of the user's units, newest first; bad filter input is shown by its field, with an
    empty list."""
    rows = petition_list(user=request.user).annotate(status=PETITION_STATUS)
    petitions = PetitionPageFilter(request.GET, queryset=rows, request=request)
    page = paginate(request, petitions.qs if petitions.is_valid() else rows.none())
    label_statuses(page.object_list)
    return render(
        request,
        "procedures/petition_list.html",
        {"filter": petitions, "page": page, "query": query_without_page(request)},
    )


def petition_detail(request: HttpRequest, code: str) -> HttpResponse:
    rows = petition_list(user=request.user).annotate(status=PETITION_STATUS)
    petition = get_object_or_404(rows, code=code)
    label_statuses([petition])
    context = {"petition": petition, "history": audit_trail(request, petition)}
    return render(request, "procedures/petition_detail.html", context)


def _petition_form_page(request: HttpRequest, petition: Petition) -> HttpResponse:
    """The form of a new or saved petition, with the user's units, procedures and dossiers to choose from."""
    adding = petition.pk is None
    # Named before the form is judged, which writes what was typed into the record.
    title = _("Thêm phản ánh, kiến nghị") if adding else _("Sửa phản ánh %(code)s") % {"code": petition.code}
    form = PetitionForm(
        request.POST or None,
        instance=petition,
        departments=department_list(user=request.user),
        procedures=procedure_list(user=request.user),
        dossiers=dossier_list(user=request.user),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and apply_service(form, lambda: petition_save(petition=form.instance, fields=form.cleaned_data))
    ):
        done = _("Đã thêm phản ánh %(code)s.") if adding else _("Đã lưu phản ánh %(code)s.")
        messages.success(request, done % {"code": petition.code})
        return redirect("procedures:petition_detail", code=petition.code)
    return render(
        request, "procedures/petition_form.html", {"form": form, "petition": petition, "title": title}
    )


@permission_required("procedures.add_petition", raise_exception=True)
def petition_create(request: HttpRequest) -> HttpResponse:
    return _petition_form_page(request, Petition())


@permission_required("procedures.change_petition", raise_exception=True)
def petition_edit(request: HttpRequest, code: str) -> HttpResponse:
    return _petition_form_page(request, petition_get(user=request.user, code=code))


def decision_index(request: HttpRequest) -> HttpResponse:
    """Every decision of the province (decisions are read by everyone), newest first, with how many
    procedures each publishes."""
    years = [day.year for day in PublicationDecision.objects.dates("decided_on", "year", order="DESC")]
    # Counted per decision (GROUP BY), where the model's ordering is not applied: given again.
    rows = PublicationDecision.objects.annotate(procedure_count=Count("items")).order_by(
        "-decided_on", "number"
    )
    decisions = DecisionPageFilter(request.GET, queryset=rows, request=request, years=years)
    page = paginate(request, decisions.qs if decisions.is_valid() else rows.none())
    return render(
        request,
        "procedures/decision_list.html",
        {"filter": decisions, "page": page, "query": query_without_page(request)},
    )


def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    items = PublicationItem.objects.select_related("procedure").order_by("procedure__code")
    decision = get_object_or_404(
        PublicationDecision.objects.prefetch_related(Prefetch("items", queryset=items)), pk=pk
    )
    # The decision's own trail: its lines' would name each line by its decision and procedure, read again
    # per line (a historical row keeps no related record).
    context = {"decision": decision, "history": audit_trail(request, decision)}
    return render(request, "procedures/decision_detail.html", context)


def _decision_form_page(request: HttpRequest, decision: PublicationDecision) -> HttpResponse:
    """The decision and its procedures, one line each, saved together (services.decision_save)."""
    adding = decision.pk is None
    title = (
        _("Thêm quyết định công bố")
        if adding
        else _("Sửa quyết định công bố %(number)s") % {"number": decision.number}
    )
    initial = [
        {name: getattr(item, name) for name in ("procedure", "kind", "basis_effective_on", "published_on")}
        for item in ([] if adding else decision.items.select_related("procedure").order_by("procedure__code"))
    ]
    form = DecisionForm(request.POST or None, instance=decision)
    formset = PublicationItemFormSet(request.POST or None, initial=initial, prefix="items")
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
        saved = apply_service(
            form,
            lambda: decision_save(decision=form.instance, fields=form.cleaned_data, items=formset.items()),
        )
        if saved:
            messages.success(
                request,
                _("Đã lưu quyết định công bố %(number)s với %(count)d thủ tục.")
                % {"number": saved.number, "count": len(formset.items())},
            )
            return redirect("procedures:decision_detail", pk=saved.pk)
    context = {"form": form, "formset": formset, "decision": decision, "title": title}
    return render(request, "procedures/decision_form.html", context)


@permission_required("procedures.add_publicationdecision", raise_exception=True)
def decision_create(request: HttpRequest) -> HttpResponse:
    return _decision_form_page(request, PublicationDecision())


@permission_required("procedures.change_publicationdecision", raise_exception=True)
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision_form_page(request, get_object_or_404(PublicationDecision, pk=pk))
