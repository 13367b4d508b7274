from django.urls import path

from dashboards import index766_petitions, index766_views, search, unit_reports, views

app_name = "dashboards"
urlpatterns = [
    path("don-vi/", views.department_index, name="department_list"),
    path("don-vi/<code:code>/", views.department_detail, name="department"),
    path("thu-tuc/", views.procedure_index, name="procedure_list"),
    path("ho-so/", views.dossier_index, name="dossier_list"),
    path("tim-kiem/", search.search, name="search"),
    path("bao-cao/chat-luong-du-lieu/", unit_reports.unit_reports, {"page": "quality"}, name="quality_units"),
    path("bao-cao/chat-luong-du-lieu/<code:code>/", views.quality, name="quality"),
    path("bao-cao/so-lieu/", unit_reports.unit_reports, {"page": "declarations"}, name="declaration_units"),
    path("bao-cao/ho-so.xlsx", views.export_records, {"records": "dossiers"}, name="export_dossiers"),
    path("bao-cao/thu-tuc.xlsx", views.export_records, {"records": "procedures"}, name="export_procedures"),
    path("chi-so-766/", index766_views.index_province, name="index766"),
    path("chi-so-766/xep-hang.xlsx", index766_views.index_ranking_download, name="index766_ranking_xlsx"),
    # Two segments: no unit's code (one segment, dashboards:index766_unit) can be taken for it.
    path("chi-so-766/toan-tinh/thu-tuc/", index766_views.index_procedures, name="index766_procedures"),
    path(
        "chi-so-766/toan-tinh/thu-tuc.xlsx",
        index766_views.index_procedures_download,
        name="index766_procedures_xlsx",
    ),
    path("chi-so-766/pakn/", index766_petitions.index_petitions, name="index766_petitions"),
    path("chi-so-766/<code:code>/", index766_views.index_unit, name="index766_unit"),
    path("chi-so-766/<code:code>.xlsx", index766_views.index_unit_download, name="index766_unit_xlsx"),
]
