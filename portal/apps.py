from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The top of the seu: the URLs, the home page, the search page and the site
    maps, and the demo content. It may import every section; nothing imports it.
    It has no models, so the back office never shows its name."""

    name = "portal"
