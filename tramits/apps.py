from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TramitsConfig(AppConfig):
    name = "tramits"
    verbose_name = _("Procedures")
