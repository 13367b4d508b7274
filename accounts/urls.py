"""Signing in and out and changing one's password, under the project's own URL names (no namespace:
Django's auth views and settings.LOGIN_URL name them so)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts.forms import PortalPasswordChangeForm

urlpatterns = [
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "doi-mat-khau/",
        auth_views.PasswordChangeView.as_view(form_class=PortalPasswordChangeForm),
        name="password_change",
    ),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
