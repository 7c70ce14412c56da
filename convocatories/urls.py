from django.urls import path

from convocatories import views

app_name = "convocatories"

urlpatterns = [
    path("", views.index, name="index"),
]
