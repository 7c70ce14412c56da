from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TramitsConfig(AppConfig):
    name = "tramits"
    verbose_name = _("Procedures")

    def ready(self):
        # What tràmits plugs into the rest of the seu (seu/plugins.py).
        from accounts import carpeta as accounts_carpeta
        from accounts import closure, exports
        from seu.search import providers
        from tramits import carpeta, search, services

        accounts_carpeta.cards.register(
            "submissions",
            accounts_carpeta.Card(
                template="tramits/carpeta_submissions.html", context=carpeta.submissions_card
            ),
        )
        accounts_carpeta.cards.register(
            "receipts",
            accounts_carpeta.Card(
                template="tramits/carpeta_receipts.html", context=carpeta.receipts_card
            ),
        )
        exports.exporters.register("submissions", carpeta.submissions_for_export)
        closure.steps.register(
            "drafts",
            closure.ClosureStep(
                step=services.account_drafts_discard,
                description=_(
                    "Your drafts that you have not submitted are deleted, with their answers "
                    "and the files you attached to them."
                ),
            ),
        )
        providers.register("procedures", search.PROVIDER)
