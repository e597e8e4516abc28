import allauth.mfa.admin  # noqa: F401 - registered first, replaced by PasskeyAdmin below
import allauth.socialaccount.admin  # noqa: F401 - registered first, replaced by BankIdLinkAdmin
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, Permission
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from accounts import delegation, services, staff
from accounts.models import AuditEntry, DelegationGrant, User


class AdminAccessForm(forms.Form):
    """A user's admin rights, for `accounts.staff.set_admin_access`."""

    is_active = forms.BooleanField(label=_("active"), required=False)
    is_staff = forms.BooleanField(
        label=_("staff status"), required=False, help_text=_("Can log in to the admin.")
    )
    is_superuser = forms.BooleanField(
        label=_("superuser status"),
        required=False,
        help_text=_("Has every permission, including giving places in creditors."),
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("groups"),
        queryset=Group.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    permissions = forms.ModelMultipleChoiceField(
        label=_("user permissions"),
        queryset=Permission.objects.select_related("content_type").order_by(
            "content_type__app_label", "codename"
        ),
        required=False,
    )


ACCESS_FIELDS = ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "is_staff", "is_active", "date_joined")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "language")}),
        (_("Permissions"), {"fields": ACCESS_FIELDS}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    # Admin rights change only on their own page, by a superuser, audited (accounts.staff).
    readonly_fields = ACCESS_FIELDS
    change_form_template = "admin/accounts/user/change_form.html"

    def get_urls(self):
        extra = [
            path(
                "<int:object_id>/admin-access/",
                self.admin_site.admin_view(self.admin_access_view),
                name="accounts_user_admin_access",
            )
        ]
        return extra + super().get_urls()

    def admin_access_view(self, request, object_id):
        user = get_object_or_404(User, pk=object_id)
        if not request.user.is_superuser:
            return HttpResponse(status=403)
        current = staff.admin_access(user)
        initial = {
            **current,
            "groups": user.groups.all(),
            "permissions": user.user_permissions.all(),
        }
        form = AdminAccessForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            staff.set_admin_access(user, actor=request.user, **form.cleaned_data)
            self.message_user(request, _("The admin access was changed."))
            return redirect(reverse("admin:accounts_user_change", args=[user.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change admin access"),
            "person": user,
            "form": form,
            "opts": self.model._meta,
        }
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(
            request, "admin/accounts/user/admin_access.html", context, status=status
        )


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """A group's permissions are admin rights of all its members: superusers set them, audited."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_related(self, request, form, formsets, change):
        staff.set_group_permissions(
            form.instance, actor=request.user, permissions=form.cleaned_data["permissions"]
        )


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

    @admin.action(description=_("End the selected authorizations"), permissions=["change"])
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


admin.site.unregister(SocialAccount)


@admin.register(SocialAccount)
class BankIdLinkAdmin(admin.ModelAdmin):
    """A person's bank-ID links (allauth's social accounts): who opens which account with which
    bank identity. Nobody adds or edits one here (that would hand one person's account to
    another's bank ID); removing one is audited (`services.remove_bank_id_link`)."""

    list_display = ("user", "provider", "uid", "last_login", "date_joined")
    search_fields = ("user__email", "user__full_name")
    list_filter = ("provider",)
    fields = readonly_fields = ("user", "provider", "uid", "last_login", "date_joined")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.remove_bank_id_link(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for link in queryset:
            services.remove_bank_id_link(link, actor=request.user)
