"""The notice board's back-office steps that carry its rules, and the PDFs' downloads.

Publishing (one notice, or the selected drafts), extending, cancelling and
correcting each have a small page of their own (a confirmation or a one-field
form) reached from the buttons of a notice's page; each needs the permission
tauler.publish_notice and calls the same service as anywhere else, so the back
office cannot bypass a rule. NoticeAdmin (tauler/admin.py) takes them in with
NoticeActionsMixin.
"""

from functools import update_wrapper

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tauler import services
from tauler.choices import NoticeState
from tauler.forms import CancelForm, CorrectionForm, ExtendForm, PublishForm
from tauler.models import Notice, NoticeDocument


def when(value) -> str:
    """A moment as the back office shows it: local time, to the second."""
    if value is None:
        return "—"
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M:%S")


class NoticeActionsMixin:
    """The action views of NoticeAdmin, their URLs, and the publish action of its list."""

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm(services.PERMISSION)

    @admin.action(description=_("Publish the selected drafts"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        published = 0
        for notice in queryset.order_by("start_at", "id"):
            if notice.published_at is not None:
                continue
            try:
                notice = services.notice_publish(notice=notice, by=request.user)
            except ValidationError as error:
                self.message_user(
                    request,
                    gettext("%(title)s was not published: %(reason)s")
                    % {"title": notice.title, "reason": " ".join(error.messages)},
                    messages.ERROR,
                )
            else:
                published += 1
        if published:
            self.message_user(
                request,
                ngettext("%(n)s notice was published.", "%(n)s notices were published.", published)
                % {"n": published},
                messages.SUCCESS,
            )
        elif not queryset.filter(published_at__isnull=True).exists():
            self.message_user(request, gettext("No draft was selected."), messages.WARNING)

    def get_urls(self):
        def wrap(view):
            def wrapper(*args, **kwargs):
                return self.admin_site.admin_view(view)(*args, **kwargs)

            wrapper.model_admin = self
            return update_wrapper(wrapper, view)

        return [
            path(
                "<path:object_id>/publish/", wrap(self.publish_view), name="tauler_notice_publish"
            ),
            path("<path:object_id>/extend/", wrap(self.extend_view), name="tauler_notice_extend"),
            path("<path:object_id>/cancel/", wrap(self.cancel_view), name="tauler_notice_cancel"),
            path(
                "<path:object_id>/correct/", wrap(self.correct_view), name="tauler_notice_correct"
            ),
            path(
                "<path:object_id>/documents/<int:document_pk>/",
                wrap(self.document_view),
                name="tauler_notice_document",
            ),
            *super().get_urls(),
        ]

    def _notice_or_404(self, request, object_id) -> Notice:
        notice = self.get_object(request, unquote(object_id))
        if notice is None:
            raise Http404
        return notice

    def _change_url(self, notice) -> str:
        return reverse("admin:tauler_notice_change", args=[notice.pk])

    def _action_page(
        self,
        request,
        object_id,
        *,
        form_class,
        form_kwargs=None,
        allowed,
        title,
        intro,
        submit,
        perform,
        summary=(),
    ):
        """One of the steps that need the permission to publish: a confirmation
        or a one-field form, then the service, then back to the notice."""
        notice = self._notice_or_404(request, object_id)
        if not request.user.has_perm(services.PERMISSION):
            raise PermissionDenied
        if notice.state not in allowed:
            self.message_user(
                request,
                gettext("This cannot be done to a notice in the state “%(state)s”.")
                % {"state": NoticeState(notice.state).label},
                messages.ERROR,
            )
            return HttpResponseRedirect(self._change_url(notice))
        form_kwargs = form_kwargs or {}
        if request.method == "POST":
            form = form_class(request.POST, **form_kwargs)
            if form.is_valid():
                try:
                    return perform(notice, form.cleaned_data)
                except ValidationError as error:
                    form.add_error(None, error)
        else:
            form = form_class(**form_kwargs)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": notice,
            "title": title,
            "subtitle": str(notice),
            "intro": intro,
            "summary": summary,
            "form": form,
            "submit_label": submit,
            "change_url": self._change_url(notice),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/tauler/notice/action_form.html", context)

    def _summary(self, notice):
        period = (
            gettext("Permanent")
            if notice.is_permanent
            else ngettext("%(n)s business day", "%(n)s business days", notice.period_business_days)
            % {"n": notice.period_business_days}
        )
        rows = [
            (_("Title"), notice.title),
            (_("Category"), notice.category),
            (_("Issuing department"), notice.department),
            (_("Case reference"), notice.case_reference or "—"),
            (_("Start of publication"), when(notice.start_at)),
            (_("Period"), period),
        ]
        if notice.end_at:
            rows.append((_("End of publication"), when(notice.end_at)))
        return rows

    def publish_view(self, request, object_id):
        notice = self._notice_or_404(request, object_id)
        summary = self._summary(notice)
        if notice.published_at is None and not notice.is_permanent and notice.period_business_days:
            summary.append((_("End of publication"), self.planned_end(notice)))
        documents = list(notice.documents.all())
        summary.append(
            (
                _("Documents"),
                ", ".join(f"{d.title} ({d.sha256[:12]}…)" for d in documents)
                or gettext("None: the notice will be published without documents."),
            )
        )
        if notice.corrects_id:
            summary.append((_("Corrects"), str(notice.corrects)))

        def perform(notice, data):
            notice = services.notice_publish(notice=notice, by=request.user)
            if notice.end_at:
                message = gettext(
                    "Notice %(number)s was published. It is on display from %(start)s until "
                    "%(end)s."
                )
            else:
                message = gettext(
                    "Notice %(number)s was published. It is on display from %(start)s, with no end."
                )
            values = {
                "number": notice.number,
                "start": when(notice.start_at),
                "end": when(notice.end_at),
            }
            self.message_user(request, message % values, messages.SUCCESS)
            return HttpResponseRedirect(self._change_url(notice))

        return self._action_page(
            request,
            object_id,
            form_class=PublishForm,
            allowed=[NoticeState.DRAFT],
            title=gettext("Publish the notice"),
            intro=gettext(
                "Once published, the notice gets its number and its text, documents and start "
                "can never change again; its period can only be extended. Check it before "
                "publishing."
            ),
            submit=gettext("Publish"),
            summary=summary,
            perform=perform,
        )

    def extend_view(self, request, object_id):
        notice = self._notice_or_404(request, object_id)

        def perform(notice, data):
            notice = services.notice_extend(
                notice=notice, by=request.user, business_days_count=data["business_days"]
            )
            self.message_user(
                request,
                gettext(
                    "The period of notice %(number)s is now %(days)s business days, until %(end)s."
                )
                % {
                    "number": notice.number,
                    "days": notice.period_business_days,
                    "end": when(notice.end_at),
                },
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._change_url(notice))

        return self._action_page(
            request,
            object_id,
            form_class=ExtendForm,
            form_kwargs={"notice": notice},
            allowed=[NoticeState.SCHEDULED, NoticeState.ON_DISPLAY],
            title=gettext("Extend the display period"),
            intro=gettext(
                "The period can be extended, never shortened. The extension is written to the "
                "public publication log."
            ),
            submit=gettext("Extend"),
            summary=self._summary(notice),
            perform=perform,
        )

    def cancel_view(self, request, object_id):
        notice = self._notice_or_404(request, object_id)

        def perform(notice, data):
            notice = services.notice_cancel(notice=notice, by=request.user, reason=data["reason"])
            self.message_user(
                request,
                gettext("Notice %(number)s was cancelled. It stays in the archive with the reason.")
                % {"number": notice.number},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._change_url(notice))

        return self._action_page(
            request,
            object_id,
            form_class=CancelForm,
            allowed=[NoticeState.SCHEDULED, NoticeState.ON_DISPLAY],
            title=gettext("Cancel the notice"),
            intro=gettext(
                "The notice leaves the board at once and stays in the archive, marked as "
                "cancelled, with the reason you give. This cannot be undone."
            ),
            submit=gettext("Cancel the notice"),
            summary=self._summary(notice),
            perform=perform,
        )

    def correct_view(self, request, object_id):
        notice = self._notice_or_404(request, object_id)

        def perform(notice, data):
            draft = services.notice_correction_draft(original=notice, by=request.user)
            self.message_user(
                request,
                gettext(
                    "A correction of notice %(number)s was created as a draft: edit it and "
                    "publish it."
                )
                % {"number": notice.number},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._change_url(draft))

        return self._action_page(
            request,
            object_id,
            form_class=CorrectionForm,
            allowed=[
                NoticeState.SCHEDULED,
                NoticeState.ON_DISPLAY,
                NoticeState.FINISHED,
                NoticeState.CANCELLED,
            ],
            title=gettext("Create a correction"),
            intro=gettext(
                "A published notice never changes: a correction is a new notice that points to "
                "this one. A draft is created with this notice's text, to be edited and "
                "published."
            ),
            submit=gettext("Create the correction draft"),
            summary=self._summary(notice),
            perform=perform,
        )

    def document_view(self, request, object_id, document_pk):
        notice = self._notice_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, notice):
            raise PermissionDenied
        try:
            document = notice.documents.get(pk=document_pk)
        except NoticeDocument.DoesNotExist:
            raise Http404 from None
        name = " ".join(document.title.replace("/", "-").split()) or "document"
        if not name.lower().endswith(".pdf"):
            name += ".pdf"
        return FileResponse(document.file.open("rb"), filename=name, content_type="application/pdf")
