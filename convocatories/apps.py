from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConvocatoriesConfig(AppConfig):
    name = "convocatories"
    verbose_name = _("Calls")

    def ready(self):
        from convocatories import applying, services
        from tramits import hooks

        hooks.after_submission(services.application_record)
        hooks.describe(applying.notes)

        from convocatories import search

        search.register()

        from accounts.carpeta import register_section
        from accounts.exports import register_exporter
        from convocatories import carpeta

        register_section(
            "subscriptions",
            template="convocatories/carpeta_subscriptions.html",
            context=carpeta.subscriptions_card,
        )
        register_exporter("call_alerts", carpeta.subscriptions_for_export)
