from django.contrib import admin
from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import include, path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from cchc_portal.converters import CodeConverter

register_converter(CodeConverter, "code")

admin.site.site_header = "Quản trị Cổng CCHC"
admin.site.site_title = "Cổng CCHC"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    # Every app's pages by the dotted name of its URL module: the project's root imports no app.
    path("", include("dashboards.home_urls")),
    path("bao-cao/", include("reporting.urls")),
    path("", include("accounts.urls")),
    path("don-vi/", include("departments.urls")),
    path("cong-viec/", include("jobs.urls")),
    path("thong-bao/", include("notifications.urls")),
    path("", include("dashboards.urls")),
    path("", include("inspections.urls")),
    path("chi-so-cchc/", include("scorecards.urls")),
    path("", include("procedures.urls")),
    path("api/v1/", include("dashboards.api_urls")),
    # The schema answers API clients (token or session, 403 JSON without); the docs are a page, behind
    # the login like every other, whose start-up script is a file (the split view), not inline, as the
    # Content-Security-Policy wants.
    path("api/schema/", login_not_required(SpectacularAPIView.as_view()), name="api_schema"),
    path(
        "api/docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api_schema")),
        name="api_docs",
    ),
    path("admin/", admin.site.urls),
]
