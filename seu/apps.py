from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeuConfig(AppConfig):
    name = "seu"
    verbose_name = _("Electronic headquarters")

    def ready(self):
        from django.conf import settings
        from django.contrib import admin

        from seu import groups

        groups.connect()

        from django.db.backends.signals import connection_created

        from seu.search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions)

        admin.site.site_header = settings.SEU_COUNCIL_NAME
        admin.site.site_title = _("Seu electrònica back office")
        admin.site.index_title = _("Back office")
