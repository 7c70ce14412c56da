from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts import checks, closure  # noqa: F401  (checks registers the system checks)
        from outbox.services import address_forget

        closure.steps.register(
            "mails",
            closure.ClosureStep(
                step=lambda *, user: address_forget(user.email),
                description=_(
                    "Mails the seu wrote to your address are forgotten, and those not yet"
                    " sent are not sent."
                ),
            ),
        )
