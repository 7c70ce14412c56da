from django.urls import path
from django.views.generic import TemplateView

from corporativa import views

app_name = "corporativa"


def page(template):
    return TemplateView.as_view(template_name=f"corporativa/{template}.html")


urlpatterns = [
    path("informacio/", views.index, name="index"),
    path("informacio/creacio-de-la-seu/", views.creation_act, name="creation-act"),
    path("informacio/govern/", views.government, name="government"),
    path("informacio/govern/fotos/<int:pk>/", views.person_photo, name="person-photo"),
    path("informacio/organs/", views.body_list, name="body-list"),
    path("informacio/organs/<slug:slug>/", views.body_detail, name="body-detail"),
    path("informacio/organs/<slug:slug>/<int:year>/", views.body_detail, name="body-year"),
    path(
        "informacio/organs/<slug:slug>/sessions/<int:pk>/",
        views.session_detail,
        name="session-detail",
    ),
    path(
        "informacio/organs/<slug:slug>/sessions/<int:session_pk>/documents/<int:pk>/",
        views.session_document,
        name="session-document",
    ),
    path("informacio/departaments/", views.department_list, name="department-list"),
    path("informacio/departaments/<slug:slug>/", views.department_detail, name="department-detail"),
    path("informacio/oficines/", views.office_list, name="office-list"),
    path("informacio/oficines/<slug:slug>/", views.office_detail, name="office-detail"),
    path("informacio/normativa/", views.regulation_list, name="regulation-list"),
    path("informacio/normativa/<slug:slug>/", views.regulation_detail, name="regulation-detail"),
    path(
        "informacio/normativa/<slug:slug>/documents/<int:pk>/",
        views.regulation_document,
        name="regulation-document",
    ),
    path("informacio/pagines/", views.page_list, name="page-list"),
    path("informacio/pagines/<path:path>/", views.page, name="page"),
    path("avis-legal/", page("legal_notice"), name="legal-notice"),
    path("privacitat/", page("privacy"), name="privacy"),
    path("accessibilitat/", views.accessibility, name="accessibility"),
    path("accessibilitat/comunicar/", views.accessibility_report, name="accessibility-report"),
    path("identificacio/", views.identification, name="identification"),
    path("galetes/", page("cookies"), name="cookies"),
    path("ajuda/", views.help_page, name="help"),
    path("calendari/", views.calendar, name="calendar"),
    path("calendari/<int:year>/", views.calendar, name="calendar-year"),
]
