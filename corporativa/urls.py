from django.urls import path
from django.views.generic import TemplateView

from corporativa import views

app_name = "corporativa"


def page(template):
    return TemplateView.as_view(template_name=f"corporativa/{template}.html")


urlpatterns = [
    path("informacio/", page("index"), name="index"),
    path("avis-legal/", page("legal_notice"), name="legal-notice"),
    path("privacitat/", page("privacy"), name="privacy"),
    path("accessibilitat/", page("accessibility"), name="accessibility"),
    path("galetes/", page("cookies"), name="cookies"),
    path("ajuda/", page("help"), name="help"),
    path("calendari/", views.calendar, name="calendar"),
    path("calendari/<int:year>/", views.calendar, name="calendar-year"),
]
