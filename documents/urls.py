from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("", views.verify, name="verify"),
    path("<str:code>/", views.document_detail, name="document-detail"),
    path("<str:code>/descarrega/", views.document_download, name="document-download"),
]
