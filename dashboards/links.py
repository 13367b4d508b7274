"""Where the records behind a figure are listed: the list pages of this app, named for reporting,
which writes each figure's drill-down query but knows no page above it."""

from django.urls import reverse

from reporting.params import RecordLists


def record_lists() -> RecordLists:
    return RecordLists(
        dossiers=reverse("dashboards:dossier_list"),
        procedures=reverse("dashboards:procedure_list"),
        petitions=reverse("dashboards:index766_petitions"),
    )
