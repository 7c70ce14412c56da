"""The open-data API, v1. Every route here is documented in api/schema.py
(tests/api/test_schema.py checks that the two agree)."""

from django.urls import path

from api import views

app_name = "api"

urlpatterns = [
    path("notices", views.notice_list, name="notice-list"),
    path("notices/<int:year>/<int:sequence>", views.notice_detail, name="notice-detail"),
    path("procedures", views.procedure_list, name="procedure-list"),
    path("procedures/<slug:slug>", views.procedure_detail, name="procedure-detail"),
    path("calls", views.call_list, name="call-list"),
    path("calls/<slug:slug>", views.call_detail, name="call-detail"),
    path("openapi.json", views.openapi, name="openapi"),
]
