from django.urls import path

from procedures import views

app_name = "procedures"
urlpatterns = [
    path("thu-tuc/", views.procedure_index, name="procedure_list"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure_detail"),
    path("ho-so/", views.dossier_index, name="dossier_list"),
    path("ho-so/<str:code>/", views.dossier_detail, name="dossier_detail"),
]
