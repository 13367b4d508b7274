from django.urls import path

from departments import views

app_name = "departments"
urlpatterns = [
    path("", views.department_index, name="list"),
    path("<code:code>/", views.department_detail, name="detail"),
    path("<code:code>/khoa-so-lieu/", views.department_lock, name="lock"),
    path("<code:code>/khoa-so-lieu/<int:lock_id>/mo-khoa/", views.department_unlock, name="unlock"),
]
