from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc_portal.listing import paginate
from notifications.forms import PreferencesForm
from notifications.models import Channel, Event
from notifications.selectors import notification_list, preferences_of
from notifications.services import notification_mark_read, notifications_mark_all_read, preferences_save


def notification_index(request: HttpRequest) -> HttpResponse:
    page = paginate(request, notification_list(user=request.user))
    return render(request, "notifications/notification_list.html", {"page": page})


def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the record a notification is about, marking it read on the way."""
    notification = (
        notification_list(user=request.user)
        .select_related("dossier", "recommendation", "job")
        .filter(pk=pk)
        .first()
    )
    if notification is None:
        raise Http404
    notification_mark_read(user=request.user, pk=pk)
    return redirect(notification)


@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    if not notification_mark_read(user=request.user, pk=pk):
        raise Http404
    return redirect("notifications:list")


@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    marked = notifications_mark_all_read(user=request.user)
    messages.success(request, _("Đã đánh dấu đã đọc %(count)d thông báo.") % {"count": marked})
    return redirect("notifications:list")


def preferences(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            preferences_save(
                user=request.user,
                chosen={
                    Channel.PORTAL: set(form.cleaned_data["portal"]),
                    Channel.EMAIL: set(form.cleaned_data["email"]),
                },
            )
            messages.success(request, _("Đã lưu lựa chọn nhận thông báo trên cổng và qua thư điện tử."))
            return redirect("notifications:preferences")
    else:
        chosen = preferences_of(user=request.user)
        form = PreferencesForm(
            initial={"portal": sorted(chosen[Channel.PORTAL]), "email": sorted(chosen[Channel.EMAIL])}
        )
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "rows": _preference_rows(form), "has_email": bool(request.user.email)},
    )


def _preference_rows(form: PreferencesForm) -> list[tuple[str, str, bool, bool]]:
    """Each event with whether it is ticked on each channel, as the form stands (sent or initial)."""
    portal, email = set(form["portal"].value() or ()), set(form["email"].value() or ())
    return [(event, label, event in portal, event in email) for event, label in Event.choices]
