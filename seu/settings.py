"""Settings for the seu electrònica: one module, driven by the environment.

Every variable is optional for a local run; `.env.example` lists them and
README.md explains each one.
"""

from email.utils import parseaddr
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core -------------------------------------------------------------------
# DEBUG defaults to on so a fresh clone runs with nothing set; gunicorn.conf.py
# turns it off for production unless the environment says otherwise.
DEBUG = env.bool("DEBUG", default=True)
_DEV_SECRET_KEY = "insecure-development-key-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value when DEBUG is off "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "seu.views.csrf_failure"

# The council that owns this seu. The corporate-information app keeps the
# full record; this name is what every page header shows.
SEU_COUNCIL_NAME = env.str("SEU_COUNCIL_NAME", default="Ajuntament de Mollet del Vallès")
SEU_SITE_URL = env.str("SEU_SITE_URL", default="http://127.0.0.1:8000")
# The language staff write the seu's content in (procedures, notices, calls, pages):
# pages in other languages mark that content with lang="..." (WCAG 2.1, 3.1.2).
SEU_CONTENT_LANGUAGE = env.str("SEU_CONTENT_LANGUAGE", default="ca")
SEU_COUNCIL = {
    "name": SEU_COUNCIL_NAME,
    "tax_id": env.str("SEU_COUNCIL_TAX_ID", default=""),
    "address": env.str("SEU_COUNCIL_ADDRESS", default="Plaça Major, 1, 08100 Mollet del Vallès"),
    "phone": env.str("SEU_COUNCIL_PHONE", default="93 571 95 00"),
    "email": env.str("SEU_COUNCIL_EMAIL", default="oac@mollet.example"),
    "dpo_email": env.str("SEU_COUNCIL_DPO_EMAIL", default="dpd@mollet.example"),
}

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "seu",
    "outbox",
    "accounts",
    "corporativa",
    "tramits",
    "tauler",
    "convocatories",
    "estadistiques",
    "documents",
    "api",
    "portal",
]

MIDDLEWARE = [
    # Outermost, so it records the final response (after redirects made by the
    # middleware below); it reads no session and sets no cookie.
    "estadistiques.middleware.StatsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is known, so its 400 page is in the visitor's language.
    "seu.middleware.SeuMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Files stored by a change that rolled back leave with it (documents.files).
    "documents.middleware.FilesDeletedOnRollbackMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "seu.wsgi.application"

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
                "seu.context_processors.seu",
                "corporativa.context_processors.council",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# SQLite in var/ by default; DATABASE_URL=postgres://... for production.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'seu.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    VAR_DIR.mkdir(exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions -------------------------------------------------------
# Redis when REDIS_URL is set, so several web processes share sessions, cache
# and login-failure counters; an in-process cache otherwise.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "seu",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rate-limit counters (login failures, verification codes, alert requests) must
# be shared by every worker: in Redis when there is one, else in the database.
# "cache" with an in-process cache is only for a single-process development run
# (a system check warns about it in production).
RATELIMIT_STORE = env.str("RATELIMIT_STORE", default="cache" if REDIS_URL else "database")
if RATELIMIT_STORE not in ("cache", "database"):
    raise ImproperlyConfigured("RATELIMIT_STORE must be 'cache' or 'database'.")

# --- Background work ------------------------------------------------------------
# Celery, with the broker in CELERY_BROKER_URL (Redis or RabbitMQ), or REDIS_URL.
# Without a broker (a development run) every task runs in the web process right
# after the commit that asks for it, and what fails there waits for the sweep
# (seu.schedule; manage.py seu_jobs). Tasks are idempotent: a task the broker
# hands out twice, or that a killed worker never acknowledged, does its work once.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Europe/Madrid"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker that is down must not hold the citizen's request: two quick tries,
# then the task is left to the sweep.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# How long Redis waits for the acknowledgement of a task before handing it to
# another worker (a worker killed in the middle of it); running workers look
# for such tasks every 10 seconds (unacked_restore_throttle 1: kombu's default
# looks every 100). Tasks are idempotent, so one that outlives the timeout and
# runs twice still does its work once; the sweep catches anything else.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900),
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Accounts and passwords -------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.EmailBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:carpeta"
LOGOUT_REDIRECT_URL = "home"
# Login rate limit: this many failures for one account from one address lock
# that pair for LOGIN_LOCKOUT_MINUTES.
LOGIN_MAX_FAILURES = env.int("LOGIN_MAX_FAILURES", default=5)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
# Failures for one account from any address in that window before each further
# attempt waits (1 s, 2 s, 4 s... up to LOGIN_ACCOUNT_MAX_DELAY): many addresses
# slow an attacker down but never lock the owner out.
LOGIN_ACCOUNT_FREE = env.int("LOGIN_ACCOUNT_FREE", default=10)
LOGIN_ACCOUNT_MAX_DELAY = env.int("LOGIN_ACCOUNT_MAX_DELAY", default=60)
# How long an email verification link stays valid.
EMAIL_VERIFICATION_MAX_AGE = 3 * 24 * 3600
PASSWORD_RESET_TIMEOUT = 2 * 3600

# --- Identification by accredited systems -------------------------------------------
# An OpenID Connect provider (the AOC's VÀLid, or any other): discovery at
# <OIDC_ISSUER>/.well-known/openid-configuration. The claim names default to
# VÀLid's (accounts/oidc.py says what each is for).
OIDC_ISSUER = env.str("OIDC_ISSUER", default="").rstrip("/")
OIDC_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_NAME = env.str("OIDC_NAME", default="VÀLid")
OIDC_SCOPES = env.str("OIDC_SCOPES", default="openid profile email")
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
# Seconds of difference allowed between the provider's clock and ours.
OIDC_CLOCK_SKEW = env.int("OIDC_CLOCK_SKEW", default=60)
OIDC_CLAIM_DOCUMENT = env.str("OIDC_CLAIM_DOCUMENT", default="identifier")
OIDC_CLAIM_NAME = env.str("OIDC_CLAIM_NAME", default="name")
OIDC_CLAIM_SURNAMES = env.str("OIDC_CLAIM_SURNAMES", default="surnames")
OIDC_CLAIM_EMAIL = env.str("OIDC_CLAIM_EMAIL", default="email")
OIDC_CLAIM_METHOD = env.str("OIDC_CLAIM_METHOD", default="method")
OIDC_CLAIM_ASSURANCE = env.str("OIDC_CLAIM_ASSURANCE", default="assuranceLevel")
OIDC_CLAIM_COMPANY_ID = env.str("OIDC_CLAIM_COMPANY_ID", default="companyId")
OIDC_CLAIM_COMPANY_NAME = env.str("OIDC_CLAIM_COMPANY_NAME", default="companyName")
# Qualified certificates forwarded by the TLS proxy (nginx's
# $ssl_client_escaped_cert), trusted only behind TRUSTED_PROXIES.
CERT_HEADER = env.str("CERT_HEADER", default="X-SSL-Client-Cert")
CERT_CA_BUNDLE = env.str("CERT_CA_BUNDLE", default="")
CERT_CRL_PATHS = env.list("CERT_CRL_PATHS", default=[])

# --- Email ----------------------------------------------------------------------
# In development mails are written as files under var/mail/ (one file per
# message); EMAIL_URL (smtp://user:pass@host:587/?tls=True) in production.
# A mail server that accepts the connection and never answers must not hold a
# request (or a worker) for ever: EMAIL_TIMEOUT seconds, 10 by default, or
# EMAIL_URL's ?timeout=.
EMAIL_URL = env.str("EMAIL_URL", default="")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
if EMAIL_URL:
    _email = env.email_url("EMAIL_URL")
    EMAIL_TIMEOUT = int(_email.pop("OPTIONS", {}).get("TIMEOUT", EMAIL_TIMEOUT))
    vars().update(_email)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="seu@mollet.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Languages and time -----------------------------------------------------------
LANGUAGE_CODE = "ca"
LANGUAGES = [
    ("ca", _("Catalan")),
    ("es", _("Spanish")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Madrid"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# The largest PDF staff can publish (notices, calls, minutes, regulations), in MB.
PUBLISHED_PDF_MAX_MB = env.int("PUBLISHED_PDF_MAX_MB", default=50)
STORAGES = {
    # Files appear whole or not at all, and leave with a rolled-back change (documents.storage).
    "default": {"BACKEND": "documents.storage.WholeFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600 if DEBUG else 31536000
if DEBUG:
    # WhiteNoise serves from the finders in development; the empty folder keeps it quiet.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- Electronic seal ------------------------------------------------------------
# The council's seal (PKCS#12) for receipts and certificates. In development a
# self-signed seal is created here by `manage.py seal_create_dev`.
SEAL_P12_PATH = env.str("SEAL_P12_PATH", default=str(VAR_DIR / "seal" / "dev-seal.p12"))
SEAL_P12_PASSWORD = env.str("SEAL_P12_PASSWORD", default="")

# --- Admin ------------------------------------------------------------------------
ADMIN_URL = env.str("ADMIN_URL", default="gestio/").strip("/") + "/"

# --- Security -------------------------------------------------------------------
# All on whenever DEBUG is off; SECURE_SSL_REDIRECT can be switched off when a
# proxy in front already redirects (and for the local benchmark).
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", default=True) else None
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# How many proxies in front of the seu append the client's address to
# X-Forwarded-For (nginx alone: 1). Every per-address limit and the usage
# statistics read the client's address through accounts.ratelimit.client_ip;
# 0 ignores the header and uses the connection's address. STATS_TRUSTED_PROXIES
# is its former name and still works.
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=env.int("STATS_TRUSTED_PROXIES", default=0))
if TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("TRUSTED_PROXIES must be 0 or more.")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = 8 * 3600

# Content-Security-Policy: nothing inline, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Logging --------------------------------------------------------------------
# Errors (a notice document that no longer matches what was published, a failed
# seal) are mailed to ADMINS when DEBUG is off: "Name <address>, address2".
ADMINS = [parseaddr(entry) for entry in env.list("ADMINS", default=[])]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {
        "production": {"()": "django.utils.log.RequireDebugFalse"},
        # While the database is down every request logs the same error: the
        # administrators get one mail of it every five minutes, not one each.
        "once_per_window": {"()": "seu.logfilters.OncePerWindow", "seconds": 300},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["production", "once_per_window"],
        },
    },
    "root": {"handlers": ["console", "mail_admins"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own handlers would mail its errors a second time: the root has them.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "WARNING"},
    },
}

# --- Usage statistics -------------------------------------------------------------
# Page views are recorded server-side without cookies (estadistiques). The salt
# of the visitor key changes every Europe/Madrid day (or month) and is deleted
# afterwards. The visitor's address is the one every rate limit uses (see
# TRUSTED_PROXIES).
STATS_ENABLED = env.bool("STATS_ENABLED", default=True)
STATS_SALT_PERIOD = env.str("STATS_SALT_PERIOD", default="day")
if STATS_SALT_PERIOD not in ("day", "month"):
    raise ImproperlyConfigured("STATS_SALT_PERIOD must be 'day' or 'month'.")
# Days page views are kept before `stats_rollup` (its default --older-than) turns
# them into aggregates; the public metrics page states it.
STATS_RETENTION_DAYS = env.int("STATS_RETENTION_DAYS", default=90)
if STATS_RETENTION_DAYS < 0:
    raise ImproperlyConfigured("STATS_RETENTION_DAYS must be 0 or more.")
# A GeoIP2 (or GeoLite2) city database for the city and country of visits.
GEOIP_PATH = env.str("GEOIP_PATH", default="")

# --- Benchmark --------------------------------------------------------------------
# Exposes a do-nothing view at /bench/reference/ that `make bench` uses as its
# ceiling. Never set it in production.
BENCH_REFERENCE_VIEW = env.bool("BENCH_REFERENCE_VIEW", default=False)
