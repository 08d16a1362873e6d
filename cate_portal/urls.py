from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from cate_portal import i18n
from cate_portal.site import views

admin.site.site_header = "CATE Portal administration"
admin.site.site_title = "CATE Portal admin"
admin.site.index_title = "Coalition records"
# The admin's sign-in hands over to allauth's, so its rate limits and two-factor step apply.
admin.site.login = secure_admin_login(admin.site.login)

# A database or Redis that cannot be reached answers a clean 503 page (cate_portal/errors.py);
# any other error the 500 page with the request's ID (cate_portal/http.py, RequestLogMiddleware).
handler500 = "cate_portal.errors.server_error"

# The signed-in portal, accounts and admin: English only, at unprefixed addresses.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("language/<str:language>/", i18n.switch_language, name="switch-language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("partners.portal.urls")),
]

# The public site: English at these addresses, Spanish under /es/ (cate_portal/i18n.py). The
# signed-in pages of the values and leadership namespaces come along (a namespace cannot be
# split) and stay English: settings.ENGLISH_ONLY_URL_NAMES.
urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("contact/", views.ContactView.as_view(), name="contact"),
    path("safety/", views.SafetyView.as_view(), name="safety"),
    path("", include("leadership.events.urls")),
    path("", include("partners.organizations.urls")),
    path("", include("partners.values.urls")),
    path("", include("partners.applications.urls")),
    path("", include("leadership.urls")),
    prefix_default_language=False,
)

if settings.BENCH_BASELINE_VIEW:
    urlpatterns.append(path("bench/baseline/", views.bench_baseline, name="bench-baseline"))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
