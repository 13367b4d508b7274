"""The header's search box: a dossier, a procedure or a unit from any page, typed as people type it (with
or without diacritics, in any case). Each kind is found by its own queryset's search, among the records
the user may see, a few of each with a link to the whole list."""

from dataclasses import dataclass

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cchc_portal.folding import fold
from departments.selectors import department_list
from procedures.selectors import dossier_list, procedure_list

# Records of each kind on the page; the list it links to holds the rest.
SHOWN = 8


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm hồ sơ, thủ tục, đơn vị"),
        max_length=100,
        required=False,
        error_messages={"max_length": _("Từ khóa tìm kiếm dài tối đa %(limit_value)d ký tự.")},
    )

    def typed(self) -> str:
        """What to look for: "" when nothing searchable was typed (only spaces or marks) or it is refused."""
        if not self.is_valid():
            return ""
        typed = self.cleaned_data["q"]
        return typed if fold(typed) else ""


@dataclass(frozen=True)
class Section:
    rows: list
    # More were found than are shown: the list page holds them all.
    more: bool


@dataclass(frozen=True)
class Found:
    dossiers: Section
    procedures: Section
    units: Section


def _section(rows) -> Section:
    found = list(rows[: SHOWN + 1])
    return Section(found[:SHOWN], len(found) > SHOWN)


def search_everything(*, user: User, typed: str) -> Found:
    """The latest dossiers, the procedures and the units the user may open whose text holds `typed`. Five
    queries whatever is found: the procedures and units a dossier may be found by, then the dossiers, the
    procedures and the units."""
    dossiers = dossier_list(user=user).search(typed).order_by("-received_at", "-pk")
    procedures = procedure_list(user=user).search(typed).order_by("code")
    units = department_list(user=user).search(typed).order_by("path")
    return Found(_section(dossiers), _section(procedures), _section(units))


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    typed = form.typed()
    found = search_everything(user=request.user, typed=typed) if typed else None
    context = {"form": form, "typed": typed, "found": found, "shown": SHOWN}
    return render(request, "dashboards/search.html", context)
