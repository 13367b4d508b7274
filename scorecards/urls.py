from django.urls import path

from scorecards import import_views, views

app_name = "scorecards"
urlpatterns = [
    path("", views.assessment_index, name="list"),
    path("xep-hang/", views.ranking_page, name="ranking"),
    path("xep-hang.xlsx", views.ranking_xlsx, name="ranking_xlsx"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/ban-in/", views.assessment_print, name="print"),
    path("<int:pk>/phieu-cham.xlsx", views.assessment_xlsx, name="xlsx"),
    path("<int:pk>/gui/", views.assessment_submit, name="submit"),
    path("<int:pk>/ket-thuc-tham-dinh/", views.assessment_close_appraisal, name="close_appraisal"),
    path("<int:pk>/chot/", views.assessment_finalise, name="finalise"),
    path("<int:pk>/dieu-tra/", views.survey_set, name="survey"),
    path("<int:pk>/vien-dan/", views.finding_cite, name="cite"),
    path("diem/<int:pk>/tu-cham/", views.score_self, name="score_self"),
    path("diem/<int:pk>/giai-trinh/", views.score_clarify, name="score_clarify"),
    path("diem/<int:pk>/tham-dinh/", views.score_appraise, name="score_appraise"),
    path("diem/<int:pk>/dieu-chinh/", views.score_override, name="score_override"),
    path("diem/<int:pk>/tra-lai/", views.score_return, name="score_return"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
    path("nhap-tieu-chi/", import_views.criteria_import_page, name="criteria_import"),
    path("bo-tieu-chi/<int:pk>/thoi-han/", views.criteria_set_deadlines, name="deadlines"),
    path("bo-tieu-chi/<int:pk>/cong-bo/", views.criteria_set_publish, name="publish"),
    path("bo-tieu-chi/<int:pk>/sao-chep/", views.criteria_set_copy_previous, name="copy"),
    path("bo-tieu-chi/<int:pk>/mo-phieu/", views.assessments_start, name="open"),
]
