from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaulerConfig(AppConfig):
    name = "tauler"
    verbose_name = _("Notice board")

    def ready(self):
        # What the notice board plugs into the rest of the seu (seu/plugins.py).
        from seu.search import providers
        from tauler import search

        providers.register("notices", search.PROVIDER)
