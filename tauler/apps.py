from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaulerConfig(AppConfig):
    name = "tauler"
    verbose_name = _("Notice board")

    def ready(self):
        from tauler import search

        search.register()
