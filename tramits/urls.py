from django.urls import path

from tramits import views

app_name = "tramits"

urlpatterns = [
    path("", views.index, name="index"),
]
