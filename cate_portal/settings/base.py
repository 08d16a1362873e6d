"""Settings shared by every environment, read from the environment with django-environ.

Each variable is documented in README.md ("Settings").
"""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF

from cate_portal.logs import logging_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is convenient for development; production passes real environment variables.
env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY")  # required: local/test settings give a development default
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "cate_portal.admin_site.PortalAdminConfig",  # django.contrib.admin, with the portal's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "import_export",
    "phonenumber_field",
    "csp",
    "cate_portal",
    "partners",
    "leadership",
]

MIDDLEWARE = [
    # First: it times the whole request, and every response (a redirect, a 500) carries its ID.
    "cate_portal.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The page's language comes from its address: /es/... is Spanish, the rest English.
    "django.middleware.locale.LocaleMiddleware",
    # A visitor who chose a language with the switcher is sent to the page in that language.
    "cate_portal.i18n.RememberedLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication and messages: staff without TOTP are sent to set it up.
    "cate_portal.middleware.StaffTwoFactorRequiredMiddleware",
    "cate_portal.middleware.PrivatePagesNotCachedMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "cate_portal.urls"
WSGI_APPLICATION = "cate_portal.wsgi.application"

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
                "csp.context_processors.nonce",
                "django.template.context_processors.i18n",
                "cate_portal.context_processors.site",
                "cate_portal.context_processors.languages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
REDIS_CACHE_BACKEND = "django.core.cache.backends.redis.RedisCache"
if CACHES["default"]["BACKEND"] == REDIS_CACHE_BACKEND:
    # Redis down must fail a request within a second (a clean 503, cate_portal/errors.py), not
    # hang a worker; a `?socket_timeout=` in CACHE_URL overrides these.
    CACHES["default"]["OPTIONS"] = {
        "socket_connect_timeout": 1,
        "socket_timeout": 1,
        **CACHES["default"].get("OPTIONS", {}),
    }
# Sessions live in the database that every instance shares (Django's default, written out):
# they survive a Redis outage (everyone signed in stays signed in), and a session ended during
# one can never come back from a stale cached copy, as it could with "cached_db".
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Public pages for anonymous visitors are kept in the cache, invalidated by every change of
# the data (cate_portal/page_cache.py); seconds an entry lives at most.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300)
# Signed-in pages are kept only inside each worker process, never in a shared cache, retired
# by the same data changes; seconds an entry lives at most, so what changes with the clock
# alone (a vote closing) shows at most this late (cate_portal/page_cache.py).
PRIVATE_PAGE_CACHE_SECONDS = env.int("PRIVATE_PAGE_CACHE_SECONDS", default=30)
CACHES["private_pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "private-pages",
    # About 30 KB a page: at most ~30 MB per worker.
    "OPTIONS": {"MAX_ENTRIES": 1000},
}
# `make bench` only: serves /bench/baseline/, a bare Django view whose throughput is the
# machine's baseline (scripts/bench.py). Never set in production.
BENCH_BASELINE_VIEW = env.bool("BENCH_BASELINE_VIEW", default=False)

AUTH_USER_MODEL = "cate_portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"

# --- django-allauth: e-mail is the login, verification is mandatory, no open sign-up ---
ACCOUNT_ADAPTER = "cate_portal.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, written out so they are visible and tested.
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",  # nosec B105: a rate, not a password
    "confirm_email": "1/3m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CATE] "
# Tell people by e-mail when their password or e-mail address changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Confirming access before a sensitive change (e.g. turning off two-factor) takes the password or
# an authenticator code; a code e-mailed to the account (allauth's "code") would let whoever holds
# the mailbox and a stolen session switch the second factor off.
ACCOUNT_REAUTHENTICATION_METHODS = ["password", "mfa"]
# allauth's forms with the site's form conventions (docs/forms.md).
ACCOUNT_FORMS = {
    # (bandit takes the "password" keys for secrets: these are form classes' paths.)
    "login": "cate_portal.account_forms.LoginForm",
    "reset_password": "cate_portal.account_forms.ResetPasswordForm",  # nosec B105
    "reset_password_from_key": "cate_portal.account_forms.ResetPasswordKeyForm",  # nosec B105
    "change_password": "cate_portal.account_forms.ChangePasswordForm",  # nosec B105
    "set_password": "cate_portal.account_forms.SetPasswordForm",  # nosec B105
    "add_email": "cate_portal.account_forms.AddEmailForm",
    "change_email": "cate_portal.account_forms.ChangeEmailForm",
    "reauthenticate": "cate_portal.account_forms.ReauthenticateForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "CATE Portal"
MFA_FORMS = {"activate_totp": "cate_portal.mfa_forms.SingleUseActivateTOTPForm"}

# Phone numbers: stored as E.164, shown as people read them, "(417) 555-0199". Every number the
# portal takes is a U.S. number (cate_portal/form_fields.py), so the national form is unambiguous.
PHONENUMBER_DEFAULT_REGION = "US"
PHONENUMBER_DB_FORMAT = "E164"
PHONENUMBER_DEFAULT_FORMAT = "NATIONAL"

# Text typed by the public must not run as a formula when the director opens an export.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
# Django's renderer, with the choice widgets' options written in Python rather than one
# template include per option (same bytes: cate_portal/form_renderer.py).
FORM_RENDERER = "cate_portal.form_renderer.ChoiceWidgetsRenderer"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# English at today's addresses, Spanish under /es/ (cate_portal/urls.py, i18n_patterns). The
# public pages, forms, messages and e-mails to applicants are translated; the partner portal and
# the admin stay in English. Translations: locale/es/LC_MESSAGES/django.po (README, "Spanish").
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The switcher's choice, remembered for a year (cate_portal/i18n.py).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Signed-in pages that share a URL namespace with public ones, so sit under i18n_patterns, but
# stay in English: /es/... versions of them redirect to the English address (cate_portal/i18n.py).
ENGLISH_ONLY_URL_NAMES = frozenset(
    {
        "values:agreement",
        "leadership:decision-list",
        "leadership:decision-detail",
        "leadership:vote",
        "leadership:delegate",
        "leadership:resource-contribute",
        "events:propose",
        "events:answer",
        "events:calendar-feed",
        "events:reset-calendar-feed",
    }
)
# Addresses under i18n_patterns that answer the same in every language (images): never redirected
# to the visitor's language, so an image is not fetched twice.
LANGUAGE_NEUTRAL_URL_NAMES = frozenset(
    {
        "partners:logo",
        "leadership:resource-download",
        "leadership:decision-document",
        "events:minutes-pdf",
        "events:public-feed",
        "events:private-feed",
    }
)
# One way to write dates site-wide, the admin included (cate_portal/formats/en/formats.py).
FORMAT_MODULE_PATH = ["cate_portal.formats"]
TIME_ZONE = "America/Chicago"
USE_I18N = True
# The portal's English wording of Django's and allauth's strings ("e-mail", sentence case on the
# account pages): scripts/english_overrides.py writes it; the Spanish catalog goes here too.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Vendor assets installed by npm from package-lock.json, served by whitenoise.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    # The county picker's searchable box (cate_portal/widgets.py).
    ("vendor/tom-select", BASE_DIR / "node_modules" / "tom-select" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Private files (applicants' supporting documents, shared resources, proposal documents):
# outside MEDIA_ROOT, so no URL ever serves them; views that check permission do
# (cate_portal/private_files.py).
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")
# The largest private upload, in bytes (10 MiB).
PRIVATE_UPLOAD_MAX_BYTES = env.int("PRIVATE_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)

# --- E-mail: console by default, SMTP when EMAIL_URL is set (smtp+tls://user:pass@host:587) ---
_email = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(_email)
# `check --deploy` refuses a backend that sends nothing (console, locmem...) unless this is set
# (cate_portal/checks.py): a staging copy that must never write to real people, for example.
ALLOW_CONSOLE_EMAIL = env.bool("ALLOW_CONSOLE_EMAIL", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="CATE Portal <portal@cate.example.org>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
COALITION_EMAIL = env("COALITION_EMAIL", default="coalition@cate.example.org")
# What the contact page promises: an answer within this many working days.
CONTACT_RESPONSE_WORKING_DAYS = env.int("CONTACT_RESPONSE_WORKING_DAYS", default=2)
# Links in e-mails sent outside a request (reminders from cron) are built on this address.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# --- Coalition rules that are settings ---
INVITATION_EXPIRY_DAYS = env.int("INVITATION_EXPIRY_DAYS", default=7)
# What the application's sent and status pages promise: the review usually starts within
# this many weeks (the coalition's own commitment, not something the portal enforces).
APPLICATION_REVIEW_WEEKS = env.int("APPLICATION_REVIEW_WEEKS", default=2)
AGREEMENT_GRACE_DAYS = env.int("AGREEMENT_GRACE_DAYS", default=60)

# --- Security headers (production tightens the transport settings) ---
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# One JSON object per line, scrubbed of secrets and personal data (cate_portal/logs.py); one
# line per request from RequestLogMiddleware. docs/operations.md describes the fields.
LOGGING_CONFIG = "cate_portal.logs.configure_logging"
LOGGING = logging_settings(env("LOG_LEVEL", default="INFO"))
