from django.urls import path

from estadistiques import views

app_name = "estadistiques"

urlpatterns = [
    # Staff only (the Estadístiques group); ?periode=...&inici=...&fi=... picks the period.
    path("tauler-de-control/", views.dashboard, name="dashboard"),
    path("tauler-de-control/csv/", views.dashboard_csv, name="dashboard-csv"),
    # Public: what every figure counts.
    path("definicions/", views.definitions, name="definitions"),
]
