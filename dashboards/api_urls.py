from django.urls import path
from rest_framework.routers import SimpleRouter

from departments.api import DepartmentViewSet
from procedures.api import (
    DossierViewSet,
    FieldViewSet,
    PetitionViewSet,
    ProcedureViewSet,
    PublicationDecisionViewSet,
)
from reporting import api
from scorecards import api as scorecard_api

# Every endpoint of /api/v1/ under the one "api" namespace: api:indicators, api:dossier-list, ...
router = SimpleRouter()
router.register("departments", DepartmentViewSet, basename="department")
router.register("fields", FieldViewSet, basename="field")
router.register("procedures", ProcedureViewSet, basename="procedure")
router.register("dossiers", DossierViewSet, basename="dossier")
router.register("publication-decisions", PublicationDecisionViewSet, basename="publication-decision")
router.register("petitions", PetitionViewSet, basename="petition")

app_name = "api"
urlpatterns = [
    path("indicators/", api.indicators, name="indicators"),
    path("index766/", api.index766, name="index766"),
    path("par/", scorecard_api.par, name="par"),
    *router.urls,
]
