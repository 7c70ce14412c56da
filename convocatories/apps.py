from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConvocatoriesConfig(AppConfig):
    name = "convocatories"
    verbose_name = _("Calls")
