"""The province overview at the site's root, under the name `home` (no namespace: every page links to it
so, and the login sends people there)."""

from django.urls import path

from dashboards import views

urlpatterns = [path("", views.overview, name="home")]
