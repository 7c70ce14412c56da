from django.urls import path

from tauler import feeds, views

app_name = "tauler"

# Every list also answers ?format=json and ?format=csv, with the same filters.
urlpatterns = [
    path("", views.index, name="index"),
    path("arxiu/", views.archive, name="archive"),
    path("registre/", views.publication_log, name="publication-log"),
    path("registre/declaracions/", views.log_statements, name="log-statements"),
    path("anuncis/<int:year>/<int:sequence>/", views.notice_detail, name="notice-detail"),
    path(
        "anuncis/<int:year>/<int:sequence>/documents/<int:pk>/",
        views.document_download,
        name="document-download",
    ),
    path(
        "anuncis/<int:year>/<int:sequence>/diligencia/",
        views.certificate_download,
        name="certificate-download",
    ),
    path("feeds/", feeds.NoticesFeed(), name="feed"),
    path("feeds/categoria/<slug:slug>/", feeds.CategoryNoticesFeed(), name="feed-category"),
    path("feeds/cerca/", feeds.SearchNoticesFeed(), name="feed-search"),
]
