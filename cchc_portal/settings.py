"""One settings module; every difference between deployments comes from the environment."""

import ipaddress
import os
from datetime import time, timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105 - only ever used with DEBUG=1

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    # The third-party apps the admin lists, under Vietnamese names (cchc_portal.third_party_apps).
    "cchc_portal.third_party_apps.LoginLockoutsConfig",
    "accounts",
    "departments",
    "procedures",
    "reporting",
    "inspections",
    "scorecards",
    "dashboards",
    "notifications",
    "sampledata",
    "jobs",
    # After jobs: its db_worker, the package's worker supervised (jobs/supervision.py), replaces the package's.
    "django_tasks",
    "cchc_portal.third_party_apps.TaskQueueConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early, so that its headers reach every response, including those other middleware answer alone.
    "cchc_portal.security_headers.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "cchc_portal.locked_data.LockedDataMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cchc_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.bell",
            ],
        },
    },
]

WSGI_APPLICATION = "cchc_portal.wsgi.application"

# SQLite is the embedded default so that a newcomer needs no server; production and CI use PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The server and the task worker share the embedded database: write-ahead logging lets readers go on
    # while one writes, and IMMEDIATE transactions wait for the write lock instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Counts failed logins and refuses further attempts once the limit is reached.
    "axes.backends.AxesStandaloneBackend",
    # accounts' password backend, whose read of the signed-in user also counts their unread notifications
    # for the header's bell (notifications/backends.py).
    "notifications.backends.PasswordBackend",
    # Grants each role its permissions (accounts/permissions.py), so that no group can drift from the role.
    "accounts.backends.RolePermissionBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Many user names tried from one address lock that address out too, at a higher limit
# (accounts/throttling.py), so that one office behind a shared address is not locked out by a few typos.
AXES_HANDLER = "accounts.throttling.AddressLockoutHandler"
LOGIN_FAILURE_LIMIT_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURE_LIMIT_PER_ADDRESS", "20"))
# The reverse proxies (addresses or networks) whose X-Forwarded-For names the client; from any other
# address the header is ignored, so that a client cannot pick the address it is counted under.
try:
    TRUSTED_PROXIES = [str(ipaddress.ip_network(item, strict=False)) for item in env_list("TRUSTED_PROXIES")]
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from error
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

REST_FRAMEWORK = {
    # Session first: its lack of a WWW-Authenticate challenge makes a missing login a 403, as on the pages.
    # Tokens (issued by an administrator in the admin, stored hashed, with an expiry) serve scripts and
    # other systems; a refused token is a 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "accounts.authentication.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
    "EXCEPTION_HANDLER": "cchc_portal.api_errors.vietnamese_exception_handler",
}
# API tokens live this many days unless the administrator picks another expiry, and never longer than
# the maximum.
API_TOKEN_DEFAULT_DAYS = int(os.environ.get("API_TOKEN_DAYS", "90"))
API_TOKEN_MAX_DAYS = int(os.environ.get("API_TOKEN_MAX_DAYS", "365"))
if not 1 <= API_TOKEN_DEFAULT_DAYS <= API_TOKEN_MAX_DAYS:
    raise ImproperlyConfigured("API_TOKEN_DAYS must be between 1 and API_TOKEN_MAX_DAYS.")
SPECTACULAR_SETTINGS = {
    "TITLE": "API Cổng CCHC",
    "DESCRIPTION": "Đơn vị, lĩnh vực, thủ tục hành chính, hồ sơ và chỉ số CCHC. "
    "Xác thực bằng phiên đăng nhập hoặc header `Authorization: Token <mã>`. Mã truy cập do quản trị "
    "viên cấp trong trang quản trị (Mã truy cập API); mã chỉ hiện một lần lúc cấp, có ngày hết hạn và có "
    "thể bị thu hồi. Mã sai, hết hạn hoặc đã thu hồi nhận mã lỗi 401 kèm lý do.",
    "VERSION": "1",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SERVE_INCLUDE_SCHEMA": False,
    # Request bodies get their own components, so that read-only fields are not asked of clients.
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI is served from static files (drf-spectacular-sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["cchc_portal.formats"]
# Vietnamese for the Django REST framework messages its own catalogue leaves in English.
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))

# Production (DEBUG off) is served over HTTPS behind a reverse proxy; `manage.py check --deploy` stays clean.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_HOURS", "10")) * 3600
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_HTTPS_PROXY", not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Long imports and exports run on a task queue kept in the database itself, so that the embedded
# default needs no other server; `make run` starts its worker (manage.py db_worker).
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.backend.DatabaseBackend")}}
JOB_FILES_ROOT = Path(os.environ.get("JOB_FILES_ROOT", BASE_DIR / "var" / "jobs"))

# Uploaded evidence files; they are served only through a view that checks who may see them.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/minh-chung/"
# The province named in the header of generated documents ("ỦY BAN NHÂN DÂN TỈNH ..."), and the place
# name (địa danh) written before their date, which is the province's unless the seat is named otherwise
# (cchc_portal/letterhead.py).
PROVINCE_NAME = os.environ.get("PROVINCE_NAME", "")
PROVINCE_PLACE_NAME = os.environ.get("PROVINCE_PLACE_NAME", PROVINCE_NAME)

# Excel import limits (spec/excel-template.md): bigger workbooks are refused before they are read.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_MB", "20")) * 1024 * 1024
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "200000"))
# An uploaded file is measured and then parsed in a child process with capped memory and CPU time
# (cchc_portal/untrusted_files/). A 200,000-row export inflates to about 125 MB of XML, and reading it
# takes 5 to 6 seconds and about 200 MB of address space in the child: the defaults leave room for
# wider sheets and slower servers, and stop a file built to inflate long before it can hurt the worker.
IMPORT_MAX_UNZIPPED_BYTES = int(os.environ.get("IMPORT_MAX_UNZIPPED_MB", "300")) * 1024 * 1024
IMPORT_MAX_MEMORY_MB = int(os.environ.get("IMPORT_MAX_MEMORY_MB", "1024"))
IMPORT_MAX_SECONDS = int(os.environ.get("IMPORT_MAX_SECONDS", "120"))
# A list export up to this many rows downloads at once; a longer one runs as a background job.
EXPORT_SYNC_ROWS = int(os.environ.get("EXPORT_SYNC_ROWS", "20000"))

# The daily digest of notifications (manage.py send_digests) goes through Django's e-mail backend: SMTP
# to EMAIL_HOST in production; links in it start with PORTAL_URL, the address users open the portal at.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Cổng CCHC <cchc@localhost>")
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")

# Timeliness rules (spec/domain.md): a receipt after this hour counts as received on the next working day.
# Empty means no cut-off.
CCHC_RECEIPT_CUTOFF_HOUR = (
    int(os.environ["RECEIPT_CUTOFF_HOUR"]) if os.environ.get("RECEIPT_CUTOFF_HOUR") else None
)


def parse_office_hours(text: str) -> tuple[tuple[time, time], ...]:
    """The office's sessions from "07:30-11:30,13:30-17:00": in order of the day, none overlapping."""
    sessions: list[tuple[time, time]] = []
    for item in text.split(","):
        try:
            start, end = (time.fromisoformat(part.strip()) for part in item.split("-"))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"OFFICE_HOURS: {item.strip()!r} is not a session like 07:30-11:30 ({text!r})."
            ) from error
        if start >= end or (sessions and start < sessions[-1][1]):
            raise ImproperlyConfigured(
                f"OFFICE_HOURS: {item.strip()!r} must start after the session before it and end after it starts."
            )
        sessions.append((start, end))
    return tuple(sessions)


# The province's office hours (procedures/office_hours.py): time limits in hours, half days and the DVCQG
# rule's pauses count office time only. Parsed here so that a bad value stops the start, not a count.
CCHC_OFFICE_HOURS = parse_office_hours(os.environ.get("OFFICE_HOURS", "07:30-11:30,13:30-17:00"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes logs every successful login at INFO; only failures and lockouts matter.
    "loggers": {"axes": {"level": "WARNING"}},
}
