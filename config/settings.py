"""Settings for Ouderpartner, all read from the environment.

The embedded default (no variables set) is SQLite in WAL mode, one process, an in-memory cache
and channel layer, and e-mail printed to the console. `DATABASE_URL` switches to PostgreSQL and
`REDIS_URL` to Redis for the cache and the channel layer: that is the production configuration.
"""

import ipaddress
import os
import re
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# Under pytest the test settings (plain static files, a fixed key) apply without extra variables.
TESTING = env_bool("TESTING") or "pytest" in sys.modules

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-only-for-debug-and-tests"
    else:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "ouderpartner.core",
    "ouderpartner.accounts",
    "ouderpartner.network",
    "ouderpartner.programmes",
    "ouderpartner.voice",
    "ouderpartner.live",
    "ouderpartner.reach",
    "ouderpartner.policy",
    "ouderpartner.api",
    "ouderpartner.stats",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Right after the static files: every page, error page, API and media response gets the
    # Content-Security-Policy (with its nonce) and the other security headers.
    "csp.middleware.CSPMiddleware",
    "ouderpartner.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Sign-in security (ouderpartner/accounts/middleware.py): idle and absolute session timeouts, then
    # two-factor authentication before any view. django-otp's own OTPMiddleware is not used: it loads
    # the device on every request, where the session key alone tells that the second step was done.
    "ouderpartner.accounts.middleware.SessionTimeoutMiddleware",
    "ouderpartner.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns django-axes' lockout into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ouderpartner.core.context_processors.shell",
            ],
        },
    },
]

# Database: SQLite (WAL) by default, PostgreSQL when DATABASE_URL is set.
# Idle connections each process keeps for the next request (ouderpartner/core/db/pooling.py): under ASGI
# every request runs in a thread of its own, so Django's persistent connections (CONN_MAX_AGE) are never
# reused; Django closes a connection at the end of each request and the pool keeps it. 0: no reuse (the
# tests, whose databases are dropped at the end).
DATABASE_POOL_SIZE = 0 if TESTING else int(os.environ.get("DATABASE_POOL_SIZE", "8"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=0 if DATABASE_POOL_SIZE else 60, conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "var" / "db.sqlite3")),
            # In memory, one per test process (said outright: pytest-django knows only Django's engine name).
            "TEST": {"NAME": ":memory:"},
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                    "PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
# Django's own engines, with audit events kept through a rollback (ouderpartner/core/db/audit_keeping.py);
# the system check core.E001 refuses an engine that does not keep them.
DATABASES["default"]["ENGINE"] = {
    "django.db.backends.sqlite3": "ouderpartner.core.db.sqlite3",
    "django.db.backends.postgresql": "ouderpartner.core.db.postgresql",
}.get(DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and channel layer: Redis when REDIS_URL is set, else in this process.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            # redis-py's default 5 s socket timeout breaks the layer's blocking reads.
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": None}]},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out e-mail address and IP address before the password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    # Django's list of common passwords from breaches, a Dutch list, and their decorated forms.
    {"NAME": "ouderpartner.accounts.password_validation.BreachedPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
INVITATION_VALID_DAYS = 14

# Lockout (django-axes): 10 failed logins for one e-mail address from one IP address block that pair
# for an hour. The client's address is read as for rate limits (TRUSTED_PROXIES, core/client_ip.py).
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "ouderpartner.core.client_ip.client_address"
AXES_USERNAME_CALLABLE = "ouderpartner.accounts.signals.axes_username"
AXES_LOCKOUT_CALLABLE = "ouderpartner.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# No log of successful logins with IP address and browser (our audit trail records logins without them);
# records of failed logins go a day after the lockout window (purge_expired).
AXES_DISABLE_ACCESS_LOG = True
# Two-factor authentication (django-otp): the name authenticator apps show.
OTP_TOTP_ISSUER = "Ouderpartner"
# The admin never shows a second-factor secret or its QR code (not even to a superuser).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Language: Dutch first, English second.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Where `collectstatic` writes and nginx reads (docs/deployment.md); the checkout's staticfiles/ by default.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# E-mail: printed to the console unless an SMTP host is given.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Ouderpartner <noreply@ouderpartner.invalid>")

# Security: cookies and headers. HTTPS-only settings switch on with SECURE_COOKIES (production).
SECURE_COOKIES = env_bool("SECURE_COOKIES")
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
# Staff sessions end after an hour without a request and always 12 hours after logging in
# (ouderpartner/accounts/middleware.py); the cookie itself lasts no longer than that either.
SESSION_IDLE_TIMEOUT = 60 * 60
SESSION_ABSOLUTE_TIMEOUT = 60 * 60 * 12
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if SECURE_COOKIES:
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # No preload by default: the preload list is a promise for the whole registered domain (often the
    # municipality's own, with sites this installation does not control) and is slow to undo. An
    # operator who owns the domain outright can opt in with HSTS_PRELOAD=1.
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Reverse proxies (IP addresses or networks, comma-separated) whose X-Forwarded-For header is believed
# when telling clients apart for rate limits (ouderpartner/core/client_ip.py). Empty (the default):
# REMOTE_ADDR is the client and the header is ignored, so nobody can choose their own address with it.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or network.") from None

# Map tiles: empty means "no map tiles" (the map still shows markers on a plain background and
# the list). Production: PDOK BRT-Achtergrondkaart, see docs/deployment.md.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")


def _tile_source(url: str) -> list[str]:
    """The origin the map tiles come from, for img-src ("{s}" subdomains become a wildcard)."""
    match = re.match(r"^(https?://)([^/]+)", url)
    if not match:
        return []
    return [match.group(1) + re.sub(r"\{s\}\.?", "*.", match.group(2))]


# Content-Security-Policy (django-csp): nothing inline runs or styles without this response's nonce,
# no eval (Vega runs with its expression interpreter), no plugins, no framing. Pages that must keep an
# inline <style> or <script> give it nonce="{{ request.csp_nonce }}"; style="" attributes and on…=""
# handlers are not used at all (tests/test_security_headers.py walks every page). WebSockets are
# covered by 'self' in connect-src (CSP level 3: same host, ws:/wss:).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *_tile_source(MAP_TILE_URL)],
        "connect-src": [SELF],
        "font-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Where the demo finds real open data (DUO, CBS); the built-in sample is used otherwise.
DEMO_DATA_DIR = os.environ.get("DEMO_DATA_DIR", str(BASE_DIR.parent / "shared" / "data"))

# A partner system syncing activities, a member's screens, and anyone else (the schema, wrong credentials).
API_THROTTLE_RATES = {"partner_token": "600/minute", "user": "1200/minute", "anon": "60/minute"}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # Rate limits per partner token, per signed-in member and per address (ouderpartner/api/throttles.py).
    "DEFAULT_THROTTLE_CLASSES": [
        "ouderpartner.api.throttles.PartnerTokenThrottle",
        "ouderpartner.api.throttles.MemberThrottle",
        "ouderpartner.api.throttles.AnonymousThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": API_THROTTLE_RATES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Ouderpartner API",
    "DESCRIPTION": "Workspaces, partner organisations, locations, neighbourhoods and partnerships.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # The committed schema is in English whatever language is active.
    "DEFAULT_GENERATOR_CLASS": "ouderpartner.api.schema.EnglishSchemaGenerator",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO").upper()},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every step of every PDF at INFO; its warnings (e.g. a missing image) stay.
        "weasyprint.progress": {"level": "WARNING"},
        # django-axes logs every login at INFO; lockouts are in the audit trail and at WARNING.
        "axes": {"level": "WARNING"},
    },
}
APP_VERSION = "0.1.0"

# Retention (docs/retention.md): how long raw data is kept before `manage.py purge_expired` (daily)
# removes it; months, contact requests in days. A workspace may choose its own period in its settings,
# within the minimum and the maximum.
RETENTION_DEFAULTS = {"responses": 12, "live": 6, "contacts": 90, "comments": 12, "audit": 24}
RETENTION_MINIMUMS = {"responses": 1, "live": 1, "contacts": 1, "comments": 1, "audit": 12}
RETENTION_MAXIMUMS = {"responses": 36, "live": 24, "contacts": 90, "comments": 36, "audit": 84}
# Uploaded logos are served by the app itself in the embedded default; a proxy may take over.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

if TESTING:
    # The API's rate limits are off while testing (API-heavy tests would hit them); tests/test_throttles.py
    # switches them on.
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = dict.fromkeys(API_THROTTLE_RATES)
    # Hashing test users' passwords with the real hasher costs seconds per test; tests need no secrecy.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Covering indexes (INCLUDE) serve the dashboards on PostgreSQL; SQLite builds them without the included
# columns, which is all the embedded default needs: its warning about that is expected.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
