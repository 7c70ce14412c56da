from django.urls import path

from tramits import views

app_name = "tramits"

urlpatterns = [
    path("", views.index, name="index"),
    path("les-meves-sollicituds/", views.submission_list, name="submission-list"),
    path("les-meves-sollicituds/<str:number>/", views.submission_detail, name="submission-detail"),
    path(
        "les-meves-sollicituds/<str:number>/requeriment/",
        views.requeriment_answer,
        name="requeriment-answer",
    ),
    path(
        "les-meves-sollicituds/<str:number>/desistir/",
        views.submission_withdraw,
        name="submission-withdraw",
    ),
    path(
        "les-meves-sollicituds/<str:number>/justificant/<str:entry>/",
        views.receipt_download,
        name="receipt-download",
    ),
    path("fitxers/<uuid:public_id>/", views.attachment_download, name="attachment-download"),
    path("<slug:slug>/", views.procedure_detail, name="procedure-detail"),
    path("<slug:slug>/sollicitud/", views.procedure_apply, name="procedure-apply"),
    path("<slug:slug>/revisio/", views.procedure_review, name="procedure-review"),
]
