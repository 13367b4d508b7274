from django.urls import path

from jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<uuid:pk>/", views.job_detail, name="detail"),
    path("<uuid:pk>/xac-nhan/", views.job_confirm, name="confirm"),
    path("<uuid:pk>/tai-ve/", views.job_download, name="download"),
]
