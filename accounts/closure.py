"""What other parts of the seu do when a person closes their account.

The accounts app never imports the sections (dependencies point one way): a
section registers a step in `steps` from its AppConfig.ready() (seu/plugins.py)::

    # tramits/apps.py
    class TramitsConfig(AppConfig):
        def ready(self):
            from accounts import closure
            from tramits import services

            closure.steps.register(
                "drafts",
                closure.ClosureStep(
                    step=services.account_drafts_discard,
                    description=_("Your drafts that you have not submitted are deleted..."),
                ),
            )

`accounts.services.user_close` calls every step as `step(user=user)` inside
its transaction, before the account is anonymised, so a step still sees the
person's address; if a step fails, nothing of the closure is kept. A step only
touches what belongs to that person, and deletes files only once the
transaction commits (`transaction.on_commit`). Registry entries are never a
step's business: the law keeps them.

`description` is one sentence the closure page shows under "What happens", in
the person's language (a lazy translation), so the page says everything that
closing does. Registering a name twice is a mistake and raises.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from accounts.models import User
from seu.plugins import Registry


@dataclass(frozen=True)
class ClosureStep:
    step: Callable[..., object]
    description: str | Promise


steps: Registry[ClosureStep] = Registry("account closure steps")


def closure_steps_run(*, user: User) -> None:
    """Run every registered step for this account (called by user_close)."""
    for registered in steps.values():
        registered.step(user=user)


def closure_descriptions() -> list[str | Promise]:
    """What the registered steps do, for the closure page."""
    return [registered.description for registered in steps.values()]
