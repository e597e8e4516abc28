"""Agents give creditor users their place in a creditor, and can see (and revoke) tokens."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from creditors import services
from creditors.models import ApiToken, Membership


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
