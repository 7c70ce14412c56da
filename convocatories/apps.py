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

        from accounts.closure import register_closure_step
        from convocatories import alerts

        register_closure_step(
            "call_alerts",
            alerts.account_subscriptions_cancel,
            description=_(
                "Your alerts of the calls stop: those you asked for with your account and "
                "those sent to its email address."
            ),
        )
