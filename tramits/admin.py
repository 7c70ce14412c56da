from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from accounts.models import Assurance
from corporativa.business_days import OFFICIAL_TZ, official_today
from tramits import answers, hooks, services
from tramits.choices import TRANSITIONS, DeadlineState, Status
from tramits.models import Procedure, ProcedureField, StatusChange, Submission, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "procedure_count"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("procedures"))

    @admin.display(description=_("procedures"), ordering="n")
    def procedure_count(self, obj):
        return obj.n


class ProcedureFieldInline(admin.StackedInline):
    model = ProcedureField
    extra = 0
    fields = [
        ("order", "name", "kind", "required"),
        "label",
        "help_text",
        "choices",
        ("max_size_mb", "allowed_types"),
    ]
    ordering = ["order", "id"]


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "topic",
        "department",
        "available_online",
        "is_permanent",
        "is_published",
        "is_generic",
    ]
    list_filter = ["is_published", "available_online", "is_permanent", "topic", "department"]
    search_fields = ["title", "summary", "description"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["topic", "department"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ProcedureFieldInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "summary",
                    "description",
                    "topic",
                    "department",
                    "is_published",
                    "is_generic",
                ]
            },
        ),
        (
            _("Who and how"),
            {
                "fields": [
                    ("for_citizens", "for_businesses", "for_associations"),
                    "who_can_apply",
                    "requirements",
                    "documents",
                    "fees",
                ]
            },
        ),
        (
            _("Identification and signature"),
            {"fields": ["min_assurance", "signature_required"]},
        ),
        (
            _("Resolution"),
            {
                "fields": [
                    ("resolution_deadline", "resolution_deadline_unit"),
                    "silence_effect",
                    "legal_basis",
                ]
            },
        ),
        (
            _("Channels and availability"),
            {
                "fields": [
                    ("available_online", "in_person"),
                    "channel_notes",
                    "is_permanent",
                    ("open_from", "open_until"),
                ]
            },
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]


class OverdueFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            ("within", _("Within the deadline")),
            ("suspended", _("Deadline suspended")),
            ("unanswered", _("Request for documents not answered in time")),
        ]

    def queryset(self, request, queryset):
        today = official_today()
        if self.value() == "overdue":
            return queryset.overdue_on(today)
        if self.value() == "within":
            return queryset.within_deadline_on(today)
        if self.value() == "suspended":
            return queryset.open().filter(resolution_suspended_since__isnull=False)
        if self.value() == "unanswered":
            # The ten days are over: the case waits for staff (art. 68: withdrawal is
            # declared by a resolution, or the case goes on).
            return queryset.filter(status=Status.WAITING, requeriment_due__lt=today)
        return queryset


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = [
        "changed_at",
        "from_status",
        "to_status",
        "changed_by",
        "public_comment",
        "internal_note",
        "deadline",
        "suspends_resolution",
        "resolution_due",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SubmissionStatusForm(forms.ModelForm):
    """The only thing staff can change on a submission: its status, through the service."""

    new_status = forms.ChoiceField(label=_("New status"), required=False)
    public_comment = forms.CharField(
        label=_("Public comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The citizen reads this in La meva carpeta and in the email. Required for a requeriment or a resolution."
        ),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only staff see this."),
    )
    suspend_resolution = forms.BooleanField(
        label=_("The requeriment suspends the resolution deadline"),
        required=False,
        initial=True,
        help_text=_(
            "Only for a request for documents (“Waiting for you”). The deadline stops "
            "until the applicant answers, or until the 10 days to answer run out (Llei "
            "39/2015, art. 22.1.a); then it moves on by the days it was stopped. The "
            "applicant is told."
        ),
    )

    class Meta:
        model = Submission
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS[Status(self.instance.status)]
        self.fields["new_status"].choices = [("", _("(unchanged)"))] + [
            (s.value, s.label) for s in Status if s in allowed
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_status"):
            try:
                services.status_change_check(
                    submission=self.instance,
                    to_status=cleaned["new_status"],
                    public_comment=cleaned.get("public_comment", ""),
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    """The staff queue: filter, find, open a case, change its status."""

    form = SubmissionStatusForm
    list_display = [
        "number",
        "procedure",
        "applicant_name",
        "status",
        "registered_at",
        "resolution_due",
        "deadline_state",
    ]
    list_filter = ["status", OverdueFilter, "procedure"]
    search_fields = ["number", "applicant_name", "applicant_email", "applicant_document"]
    date_hierarchy = "registered_at"
    list_select_related = ["procedure"]
    inlines = [StatusChangeInline]
    readonly_fields = [
        "number",
        "procedure",
        "applicant_name",
        "applicant_document",
        "applicant_email",
        "status",
        "registered_at",
        "effective_at",
        "resolution_due",
        "requeriment_due",
        "resolution_suspended_since",
        "submitted_answers",
        "registry_entries",
        "related_notes",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "number",
                    "procedure",
                    "status",
                    ("registered_at", "effective_at"),
                    ("resolution_due", "requeriment_due"),
                    "resolution_suspended_since",
                    "related_notes",
                ]
            },
        ),
        (_("Applicant"), {"fields": ["applicant_name", "applicant_document", "applicant_email"]}),
        (_("What was submitted"), {"fields": ["submitted_answers", "registry_entries"]}),
        (
            _("Change the status"),
            {"fields": ["new_status", "public_comment", "internal_note", "suspend_resolution"]},
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("deadline"))
    def deadline_state(self, obj):
        state = obj.deadline_state(official_today())
        return "—" if state == DeadlineState.CLOSED else state.label

    @admin.display(description=_("for"))
    def related_notes(self, obj):
        """What other sections recorded about this case (e.g. the call it applies to)."""
        notes = hooks.notes_for(obj)
        if not notes:
            return "—"
        return format_html_join(
            mark_safe("<br>"),
            "{}: {} {}",
            (
                (
                    n.label,
                    n.text,
                    format_html("<strong>{}</strong>", n.warning) if n.warning else "",
                )
                for n in notes
            ),
        )

    @admin.display(description=_("answers"))
    def submitted_answers(self, obj):
        rows = answers.submitted_rows(obj)
        if not rows:
            return "—"
        return format_html(
            "<dl>{}</dl>",
            format_html_join(
                "", "<dt>{}</dt><dd>{}</dd>", ((r["label"], r["value"]) for r in rows)
            ),
        )

    @admin.display(description=_("registry entries"))
    def registry_entries(self, obj):
        items = []
        for entry in obj.entries.prefetch_related("attachments"):
            files = format_html_join(
                "",
                '<li><a href="{}">{}</a> ({} bytes, SHA-256 {})</li>',
                (
                    (a.get_absolute_url(), a.original_name, a.size, a.sha256)
                    for a in entry.attachments.all()
                ),
            )
            signed = ""
            if entry.signature:
                signed = format_html(
                    "<br>{} {} ({}) · {} · {}",
                    _("Signed by identification:"),
                    entry.signature.get("document_number", ""),
                    entry.signature.get("means") or entry.signature.get("method", ""),
                    Assurance(int(entry.signature.get("assurance") or 1)).label,
                    entry.signature.get("authenticated_at", ""),
                )
            items.append(
                format_html(
                    "<li><strong>{}</strong> · {} · {}{}{}<ul>{}</ul></li>",
                    entry.number,
                    entry.get_kind_display(),
                    entry.registered_at.astimezone(OFFICIAL_TZ).strftime("%d/%m/%Y %H:%M"),
                    format_html(" · {}", entry.text) if entry.text else "",
                    signed,
                    files,
                )
            )
        return format_html("<ul>{}</ul>", format_html_join("", "{}", ((i,) for i in items)))

    def save_model(self, request, obj, form, change):
        new_status = form.cleaned_data.get("new_status")
        if not new_status:
            return
        services.submission_status_change(
            submission=obj,
            to_status=new_status,
            by=request.user,
            public_comment=form.cleaned_data.get("public_comment", ""),
            internal_note=form.cleaned_data.get("internal_note", ""),
            suspend_resolution=form.cleaned_data.get("suspend_resolution", False),
        )
        messages.success(request, _("Status changed; the applicant is told by email."))

    def save_related(self, request, form, formsets, change):
        # Nothing related is editable: the history is written by the service.
        # The admin's change message still reads what each formset saved.
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
