from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from accounts import views_identify
from portal import health, views_search
from portal import views as portal_views
from seu import views

urlpatterns = [
    path("", views.root_redirect, name="root"),
    path("healthz", health.healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("robots.txt", views_search.robots_txt, name="robots"),
    path("sitemap.xml", views_search.sitemap_xml, name="sitemap"),
    # The OpenID provider's answer: one address in every language, as the
    # provider has it registered (OIDC_ISSUER's client: <site>/oidc/retorn/).
    path("oidc/retorn/", views_identify.oidc_callback, name="oidc-callback"),
]

if settings.BENCH_REFERENCE_VIEW:
    urlpatterns.append(path("bench/reference/", views.bench_reference, name="bench-reference"))

urlpatterns += i18n_patterns(
    path("", portal_views.home, name="home"),
    path("compte/", include("accounts.urls")),
    path("tramits/", include("tramits.urls")),
    path("tauler/", include("tauler.urls")),
    path("convocatories/", include("convocatories.urls")),
    path("verificacio/", include("documents.urls")),
    path("cerca/", views_search.search, name="search"),
    path("mapa-del-web/", views_search.site_map, name="site-map"),
    path("estadistiques/", include("estadistiques.urls")),
    path("", include("corporativa.urls")),
    prefix_default_language=True,
)

handler400 = "seu.views.bad_request"
handler403 = "seu.views.permission_denied"
handler404 = "seu.views.page_not_found"
handler500 = "seu.views.server_error"
