from django.urls import path

from inspections import views

app_name = "inspections"
urlpatterns = [
    path("kiem-tra/", views.plan_index, name="list"),
    path("kiem-tra/ke-hoach/them/", views.plan_create, name="plan_create"),
    path("kiem-tra/ke-hoach/<int:year>/", views.plan_detail, name="plan"),
    path("kiem-tra/them/", views.inspection_create, name="create"),
    path("kiem-tra/<int:pk>/", views.inspection_detail, name="detail"),
    path("kiem-tra/<int:pk>/bat-dau/", views.inspection_start, name="start"),
    path("kiem-tra/<int:pk>/noi-dung/", views.finding_add, name="finding_add"),
    path("kiem-tra/<int:pk>/kien-nghi/", views.recommendation_add, name="recommendation_add"),
    path("kiem-tra/<int:pk>/ket-luan/", views.inspection_conclude, name="conclude"),
    path("kiem-tra/<int:pk>/ket-luan.docx", views.conclusion_document, name="docx"),
    path("kiem-tra/<int:pk>/ban-in/", views.conclusion_print, name="print"),
    path("kien-nghi/", views.recommendation_index, name="recommendations"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
    path("kien-nghi/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path("kien-nghi/<int:pk>/bao-cao/", views.recommendation_report, name="recommendation_report"),
    path("kien-nghi/<int:pk>/xac-minh/", views.recommendation_verify, name="recommendation_verify"),
]
