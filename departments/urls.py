from django.urls import path

from departments import views

app_name = "departments"
urlpatterns = [
    path("<code:code>/khoa-so-lieu/", views.department_lock, name="lock"),
    path("<code:code>/khoa-so-lieu/<int:lock_id>/mo-khoa/", views.department_unlock, name="unlock"),
]
