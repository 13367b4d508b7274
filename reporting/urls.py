from django.urls import path

from reporting import views

app_name = "reporting"
urlpatterns = [
    path("chat-luong-du-lieu/<code:code>/", views.quality, name="quality"),
]
