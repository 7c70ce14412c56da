from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("entrar/", views.login_view, name="login"),
    path("sortir/", views.logout_view, name="logout"),
    path("alta/", views.signup, name="signup"),
    path("carpeta/", views.carpeta, name="carpeta"),
]
