from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConvocatoriesConfig(AppConfig):
    name = "convocatories"
    verbose_name = _("Calls")

    def ready(self):
        # What convocatòries plugs into the rest of the seu (seu/plugins.py).
        from accounts import carpeta as accounts_carpeta
        from accounts import closure, exports
        from convocatories import alerts, applying, carpeta, search, services
        from seu.search import providers
        from tramits import hooks

        hooks.after_submission.register("calls", services.application_record)
        hooks.describers.register("calls", applying.notes)
        hooks.receipt_rows.register("calls", applying.receipt_rows)
        providers.register("calls", search.PROVIDER)
        accounts_carpeta.cards.register(
            "subscriptions",
            accounts_carpeta.Card(
                template="convocatories/carpeta_subscriptions.html",
                context=carpeta.subscriptions_card,
            ),
        )
        exports.exporters.register("call_alerts", carpeta.subscriptions_for_export)
        closure.steps.register(
            "call_alerts",
            closure.ClosureStep(
                step=alerts.account_subscriptions_cancel,
                description=_(
                    "Your alerts of the calls stop: those you asked for with your account and "
                    "those sent to its email address."
                ),
            ),
        )
