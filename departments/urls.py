from django.urls import path

from departments import views

app_name = "departments"
urlpatterns = [
    path("", views.department_index, name="list"),
    path("<str:code>/", views.department_detail, name="detail"),
]
