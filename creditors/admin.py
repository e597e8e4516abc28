"""Agents give creditor users their place in a creditor, and can see (and revoke) tokens."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from creditors import services
from creditors.models import ApiToken, MaventaLink, Membership, Transfer


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "creditor", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "creditor__name")
    raw_id_fields = ("user", "creditor")

    def save_model(self, request, obj, form, change):
        saved = services.add_member(obj.user, obj.creditor, role=obj.role, actor=request.user)
        obj.pk = saved.pk


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "creditor",
        "scope",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("scope",)
    search_fields = ("name", "creditor__name", "prefix")
    readonly_fields = [f.name for f in ApiToken._meta.fields if f.name != "id"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # keys are shown once, to the creditor's manager who makes them

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            services.revoke_api_token(token, actor=request.user)


@admin.register(MaventaLink)
class MaventaLinkAdmin(admin.ModelAdmin):
    list_display = ("creditor", "company_id", "service_status", "checked_at")
    search_fields = ("creditor__name", "company_id")
    raw_id_fields = ("creditor",)
    readonly_fields = ("service_status", "agreement_contact_email", "checked_at")

    def save_model(self, request, obj, form, change):
        saved = services.link_maventa_company(
            obj.creditor, company_id=obj.company_id, actor=request.user
        )
        obj.pk = saved.pk


@admin.register(Transfer)
class TransferAdmin(admin.ModelAdmin):
    list_display = ("invoice_number", "creditor", "status", "receivables_type", "created_at")
    list_filter = ("status", "receivables_type")
    search_fields = ("invoice_number", "maventa_invoice_id", "creditor__name")
    readonly_fields = [f.name for f in Transfer._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        return False
