from django.urls import path

from procedures import entry, import_errors, national_views, slips, views

app_name = "procedures"
urlpatterns = [
    path("thu-tuc/them/", entry.procedure_create, name="procedure_create"),
    path("thu-tuc/<code:code>/", views.procedure_detail, name="procedure_detail"),
    path("thu-tuc/<code:code>/sua/", entry.procedure_edit, name="procedure_edit"),
    path("nhap-excel/", entry.import_upload, name="import"),
    path("nhap-excel/<uuid:pk>/loi.xlsx", import_errors.import_errors_download, name="import_errors"),
    path("ho-so/tiep-nhan/", entry.dossier_register, name="dossier_register"),
    path("ho-so/<code:code>/", views.dossier_detail, name="dossier_detail"),
    # Every step after the receipt goes through one view; the table of steps is entry.DOSSIER_ACTIONS.
    path("ho-so/<code:code>/sua/", entry.dossier_action, {"action": "edit"}, name="dossier_edit"),
    path(
        "ho-so/<code:code>/yeu-cau-bo-sung/",
        entry.dossier_action,
        {"action": "request_supplement"},
        name="dossier_request_supplement",
    ),
    path(
        "ho-so/<code:code>/nhan-bo-sung/",
        entry.dossier_action,
        {"action": "receive_supplement"},
        name="dossier_receive_supplement",
    ),
    path("ho-so/<code:code>/tra-ket-qua/", entry.dossier_action, {"action": "finish"}, name="dossier_finish"),
    path(
        "ho-so/<code:code>/phieu-xin-loi/",
        entry.dossier_action,
        {"action": "apology"},
        name="dossier_apology",
    ),
    # The one-stop desk's slips, printed by anyone who may see the dossier.
    path("ho-so/<code:code>/giay-tiep-nhan/", slips.dossier_receipt_slip, name="dossier_receipt_slip"),
    path("ho-so/<code:code>/phieu-xin-loi/in/", slips.dossier_apology_slip, name="dossier_apology_slip"),
    path("ho-so/<code:code>/danh-gia/", entry.dossier_action, {"action": "rate"}, name="dossier_rate"),
    path("ho-so/<code:code>/du-lieu-dvcqg/", entry.dossier_action, {"action": "facts"}, name="dossier_facts"),
    # The national data (spec/index766.md): petitions by their code, decisions by id (their numbers hold "/").
    path("pakn/", national_views.petition_index, name="petition_list"),
    path("pakn/them/", national_views.petition_create, name="petition_create"),
    path("pakn/<code:code>/", national_views.petition_detail, name="petition_detail"),
    path("pakn/<code:code>/sua/", national_views.petition_edit, name="petition_edit"),
    path("quyet-dinh-cong-bo/", national_views.decision_index, name="decision_list"),
    path("quyet-dinh-cong-bo/them/", national_views.decision_create, name="decision_create"),
    path("quyet-dinh-cong-bo/<int:pk>/", national_views.decision_detail, name="decision_detail"),
    path("quyet-dinh-cong-bo/<int:pk>/sua/", national_views.decision_edit, name="decision_edit"),
]
