from django.urls import path

from convocatories import feeds, views, views_alerts, views_public_data

app_name = "convocatories"

# Fixed paths first: the call pages below take any slug, so a fixed path
# placed after them would be read as a call's address.
urlpatterns = [
    path("", views.index, name="index"),
    path("totes/", views.call_list, name="call-list"),
    # Open data, calendars and feeds (the list's downloads take the list's filters).
    path("totes.json", views_public_data.calls_json, name="calls-json"),
    path("totes.csv", views_public_data.calls_csv, name="calls-csv"),
    path("calendari.ics", views_public_data.calls_calendar, name="calendar"),
    path("calendari/<slug:kind>.ics", views_public_data.kind_calendar, name="calendar-kind"),
    path("feeds/noves/", feeds.NewCallsFeed(), name="feed"),
    path("feeds/noves/<slug:kind>/", feeds.KindNewCallsFeed(), name="feed-kind"),
    path("feeds/fases/", feeds.NewPhasesFeed(), name="feed-phases"),
    # Email alerts.
    path("alertes/", views_alerts.new_calls_subscribe, name="alerts-subscribe"),
    path("alertes/enviat/", views_alerts.alerts_sent, name="alerts-sent"),
    path("alertes/confirmar/<str:token>/", views_alerts.alert_confirm, name="alert-confirm"),
    path("alertes/baixa/<str:token>/", views_alerts.alert_unsubscribe, name="alert-unsubscribe"),
    path("alertes/les-meves/", views_alerts.alerts_manage, name="alerts-manage"),
    path(
        "alertes/les-meves/<int:pk>/baixa/",
        views_alerts.alerts_manage_cancel,
        name="alerts-manage-cancel",
    ),
    path(
        "alertes/les-meves/<int:pk>/tipus/",
        views_alerts.alerts_manage_kinds,
        name="alerts-manage-kinds",
    ),
    # A call's own pages: keep these last.
    path("<slug:slug>/", views.call_detail, name="call-detail"),
    path("<slug:slug>/sollicitar/", views.call_apply, name="call-apply"),
    path("<slug:slug>/bases/", views.bases_download, name="bases-download"),
    path("<slug:slug>/documents/<int:pk>/", views.document_download, name="document-download"),
    path("<slug:slug>/calendari.ics", views_public_data.call_calendar, name="call-calendar"),
    path("<slug:slug>/feed/", feeds.CallPhasesFeed(), name="feed-call"),
    path("<slug:slug>/alertes/", views_alerts.call_follow, name="call-follow"),
]
