from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstadistiquesConfig(AppConfig):
    name = "estadistiques"
    verbose_name = _("Usage statistics")
