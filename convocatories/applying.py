"""What the Tràmits pages say about a draft or a submission made for a call.

ConvocatoriesConfig.ready() plugs `notes` into tramits.hooks.describers and
`receipt_rows` into tramits.hooks.receipt_rows.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from convocatories.dates import date_words, on_date_words
from convocatories.models import Application, ApplicationDraft
from tramits.hooks import Note
from tramits.models import Draft, Submission


def _call_note(call, warning: str = "") -> Note:
    return Note(
        label=_("Call"),
        text=f"{call.reference} · {call.title}",
        url=call.get_absolute_url(),
        warning=warning,
    )


def notes(obj) -> list[Note]:
    if isinstance(obj, Draft):
        link = ApplicationDraft.objects.filter(draft=obj).select_related("call").first()
        if link is None:
            return []
        call, warning = link.call, ""
        if call.closes_at is not None and timezone.now() >= call.closes_at:
            warning = _(
                "The application period of this call ended %(on_day)s. You can still submit: "
                "the registry accepts it, marked as filed after the deadline."
            ) % {"on_day": on_date_words(call.last_day)}
        return [_call_note(call, warning)]
    if isinstance(obj, Submission):
        application = (
            Application.objects.filter(submission=obj).select_related("call", "submission").first()
        )
        if application is None:
            return []
        warning = ""
        if not application.filed_on_time:
            warning = _(
                "Filed outside the application period of the call (last day: %(day)s). "
                "The council will decide whether it can be admitted."
            ) % {"day": date_words(application.call.last_day)}
        return [_call_note(application.call, warning)]
    return []


def receipt_rows(submission) -> list[tuple[str, str]]:
    """The call on the registry receipt (justificant) of a submission made for it."""
    application = Application.objects.filter(submission=submission).select_related("call").first()
    if application is None:
        return []
    call = application.call
    return [(_("Call"), f"{call.reference} · {call.title}")]
