from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import services
from accounts.forms import AdminUserAddForm, AdminUserChangeForm
from accounts.models import Identity, User


class EmailVerifiedFilter(admin.SimpleListFilter):
    title = _("email verified")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(email_verified_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(email_verified_at__isnull=True)
        return queryset


class ClosedFilter(admin.SimpleListFilter):
    title = _("closed")
    parameter_name = "closed"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(closed_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(closed_at__isnull=True)
        return queryset


class IdentityInline(admin.TabularInline):
    """How the person has been identified by accredited systems: for reading only."""

    model = Identity
    extra = 0
    can_delete = False
    fields = [
        "method",
        "provider",
        "means",
        "document_number",
        "assurance",
        "company_id",
        "company_name",
        "first_used_at",
        "last_used_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, reshaped for a model that logs in by email."""

    form = AdminUserChangeForm

    def get_inlines(self, request, obj):
        # A new account has no identities: the add form stays Django's.
        return [IdentityInline] if obj is not None else []

    add_form = AdminUserAddForm
    list_display = (
        "email",
        "full_name",
        "is_staff",
        "email_verified",
        "date_joined",
        "closed_at",
    )
    list_filter = (
        "is_staff",
        "is_superuser",
        "is_active",
        EmailVerifiedFilter,
        ClosedFilter,
        "preferred_language",
        "groups",
    )
    search_fields = ("email", "full_name", "id_document_number")
    ordering = ("email",)
    date_hierarchy = "date_joined"
    readonly_fields = (
        "date_joined",
        "last_login",
        "email_verified_at",
        "id_document_verified_at",
        "closed_at",
    )
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Personal details"),
            {
                "fields": (
                    "full_name",
                    "id_document_type",
                    "id_document_number",
                    "id_document_verified_at",
                    "preferred_language",
                )
            },
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (
            _("Important dates"),
            {"fields": ("date_joined", "email_verified_at", "last_login", "closed_at")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "id_document_type",
                    "id_document_number",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    actions = ["mark_email_verified"]

    @admin.display(boolean=True, description=_("email verified"), ordering="email_verified_at")
    def email_verified(self, obj):
        return obj.email_verified

    @admin.action(description=_("Mark the email address of the selected users as verified"))
    def mark_email_verified(self, request, queryset):
        count = 0
        for user in queryset.filter(email_verified_at__isnull=True, closed_at__isnull=True):
            services.user_email_verify(user=user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d address marked as verified.",
                "%(count)d addresses marked as verified.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
