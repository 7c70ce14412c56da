from django.urls import path

from accounts import views, views_identify

app_name = "accounts"

urlpatterns = [
    path("entrar/", views.login_view, name="login"),
    path("entrar/oidc/", views_identify.oidc_start, name="oidc-start"),
    path("entrar/certificat/", views_identify.certificate_login, name="certificate-login"),
    path("entrar/correu/", views_identify.identify_email, name="identify-email"),
    path("sortir/", views.logout_view, name="logout"),
    path("alta/", views.signup, name="signup"),
    path("alta/comprova-el-correu/", views.signup_done, name="signup-done"),
    path("verificar/reenviar/", views.verify_resend, name="verify-resend"),
    path("verificar/reenviar/enviat/", views.verify_resend_done, name="verify-resend-done"),
    path("verificar/<str:token>/", views.verify_email, name="verify-email"),
    path("contrasenya/canvi/", views.PasswordChangeView.as_view(), name="password-change"),
    path("contrasenya/oblidada/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "contrasenya/oblidada/enviat/",
        views.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "contrasenya/nova/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "contrasenya/nova/fet/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("perfil/", views.profile, name="profile"),
    path("carpeta/", views.carpeta, name="carpeta"),
    path("carpeta/exportar/", views.data_export, name="export"),
    path("carpeta/tancar/", views.close_account, name="close"),
]
