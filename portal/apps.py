from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top of the seu: the URLs, the home page, the search page and the site
    maps, and the demo content. It may import every section; nothing imports it."""

    name = "portal"
    verbose_name = _("Portal")
