"""Agents see creditor users' places and tokens; superusers give places, agents revoke tokens."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from creditors import services
from creditors.models import ApiToken, MaventaLink, Membership, Transfer


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Agents see memberships; only superusers give, change or end them (a manager reads all
    the creditor's cases and makes its API tokens). Every change is audited."""

    list_display = ("user", "creditor", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "creditor__name")
    raw_id_fields = ("user", "creditor")

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        if change and {"user", "creditor"} & set(form.changed_data):
            # Moving a membership to another person or creditor is an end and a new start.
            services.remove_member(Membership.objects.get(pk=obj.pk), actor=request.user)
            obj.pk = None
        saved = services.add_member(obj.user, obj.creditor, role=obj.role, actor=request.user)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.remove_member(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user", "creditor"):
            services.remove_member(membership, actor=request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Agents see tokens and revoke them; none is made or deleted here (a manager makes them
    in the creditor portal, and a revoked token stays on record)."""

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

    def has_delete_permission(self, request, obj=None):
        return False

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
