from django.urls import path

from reporting import views

app_name = "reporting"
urlpatterns = [
    path("mau-nhap-excel.xlsx", views.template_download, name="template"),
    path("bieu-06a.xlsx", views.form_06a_download, name="form_06a"),
    path("bieu-06a/<code:code>.xlsx", views.form_06a_download, name="form_06a_department"),
    path("xep-hang.xlsx", views.ranking_download, name="ranking"),
    path("so-lieu/<code:code>/", views.declarations, name="declarations"),
    path("so-lieu/<code:code>/them/", views.declaration_edit, name="declaration_add"),
    path("so-lieu/<code:code>/<int:pk>/", views.declaration_edit, name="declaration_edit"),
    path("so-lieu/<code:code>/bao-cao/them/", views.periodic_report_edit, name="report_add"),
    path("so-lieu/<code:code>/bao-cao/<int:pk>/", views.periodic_report_edit, name="report_edit"),
]
