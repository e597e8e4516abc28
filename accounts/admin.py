import allauth.mfa.admin  # noqa: F401 - registered first, replaced by PasskeyAdmin below
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts import delegation, services
from accounts.models import AuditEntry, DelegationGrant, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "is_staff", "is_active", "date_joined")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only, even for superusers."""

    list_display = ("created_at", "action", "actor_label", "object_type", "object_id")
    list_filter = ("action", "object_type")
    search_fields = ("action", "object_id", "actor_label")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DelegationGrant)
class DelegationGrantAdmin(admin.ModelAdmin):
    """Agents see every authorization and can end one; they cannot create or edit them."""

    list_display = ("invited_email", "invoice", "status", "valid_until", "created_at")
    list_filter = ("status",)
    search_fields = ("invited_email", "invoice__myropo_id")
    list_select_related = ("invoice",)
    readonly_fields = [
        f.name for f in DelegationGrant._meta.fields if f.name not in ("token_hash",)
    ]
    exclude = ("token_hash",)
    actions = ["end_grants"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("End the selected authorizations"))
    def end_grants(self, request, queryset):
        for grant in queryset:
            delegation.revoke_grant(grant, actor=request.user)


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class PasskeyAdmin(admin.ModelAdmin):
    """Agents find a person's passkeys and remove a lost one (audited, `services.remove_passkey`).
    Only passkeys of people who are not staff: staff second factors are not theirs to remove."""

    list_display = ("user", "passkey_name", "created_at", "last_used_at")
    search_fields = ("user__email", "user__full_name")
    fields = readonly_fields = ("user", "passkey_name", "created_at", "last_used_at")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(type=Authenticator.Type.WEBAUTHN, user__is_staff=False)
            .select_related("user")
        )

    @admin.display(description=_("Passkey"))
    def passkey_name(self, obj) -> str:
        return obj.wrap().name

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.remove_passkey(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for authenticator in queryset:
            services.remove_passkey(authenticator, actor=request.user)
