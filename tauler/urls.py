from django.urls import path

from tauler import views

app_name = "tauler"

urlpatterns = [
    path("", views.index, name="index"),
]
