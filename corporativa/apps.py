from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorporativaConfig(AppConfig):
    name = "corporativa"
    verbose_name = _("Corporate information")

    def ready(self):
        from corporativa import checks, search  # noqa: F401  (checks registers itself)
        from seu.search import providers

        # What corporate information plugs into the rest of the seu (seu/plugins.py).
        for key, provider in search.PROVIDERS.items():
            providers.register(key, provider)
