"""The outbox in the back office: what was sent, what waits, what failed and why.

Nothing here is typed in: mails are written by the seu. Staff with the
permission to change mails may send failed or waiting ones again.
"""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from outbox import services
from outbox.models import Mail


@admin.register(Mail)
class MailAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "recipient_list",
        "subject",
        "state",
        "attempts",
        "sent_at",
        "error_short",
    ]
    list_filter = ["state", "kind", "failure"]
    search_fields = ["recipients", "subject", "message_id"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    fieldsets = [
        (None, {"fields": ["kind", "state", "recipient_list", "subject", "language", "about"]}),
        (
            _("Delivery"),
            {
                "fields": [
                    "created_at",
                    "tries_since",
                    "attempts",
                    "next_attempt_at",
                    "failure",
                    "last_error",
                    "sent_at",
                    "failed_at",
                    "message_id",
                ]
            },
        ),
        (_("Text"), {"fields": ["text"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]

    @admin.display(description=_("recipients"))
    def recipient_list(self, obj):
        return ", ".join(obj.recipients)

    @admin.display(description=_("last error"))
    def error_short(self, obj):
        if len(obj.last_error) <= 200:
            return obj.last_error
        return obj.last_error[:199] + "…"

    @admin.display(description=_("about"))
    def about(self, obj):
        if obj.about_type is None:
            return "—"
        return f"{obj.about_type.name} {obj.about_id}"

    @admin.display(description=_("text"))
    def text(self, obj):
        if obj.secret:
            return gettext("Not shown: it holds a personal link of the recipient.")
        if obj.text_forgotten_at:
            return gettext("Forgotten: the text of a sent mail is kept for %(days)s days.") % {
                "days": services.KEEP_TEXT.days
            }
        return obj.body

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected mails again"), permissions=["change"])
    def send_again(self, request, queryset):
        with transaction.atomic():
            count = services.send_again(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)s mail will be sent again.",
                "%(count)s mails will be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
