from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TramitsConfig(AppConfig):
    name = "tramits"
    verbose_name = _("Procedures")

    def ready(self):
        from accounts.carpeta import register_section
        from accounts.exports import register_exporter
        from tramits import carpeta

        register_section(
            "submissions",
            template="tramits/carpeta_submissions.html",
            context=carpeta.submissions_card,
        )
        register_section(
            "receipts", template="tramits/carpeta_receipts.html", context=carpeta.receipts_card
        )
        register_exporter("submissions", carpeta.submissions_for_export)

        from accounts.closure import register_closure_step
        from tramits import services

        register_closure_step(
            "drafts",
            services.account_drafts_discard,
            description=_(
                "Your drafts that you have not submitted are deleted, with their answers and "
                "the files you attached to them."
            ),
        )

        from tramits import search

        search.register()
