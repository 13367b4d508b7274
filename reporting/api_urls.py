from django.urls import path

from reporting import api

app_name = "api"
urlpatterns = [
    path("indicators/", api.indicators, name="indicators"),
]
