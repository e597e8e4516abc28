from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from integrations import outbox
from integrations.models import OutboxEvent, SyncCursor


@admin.register(OutboxEvent)
class OutboxEventAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "topic",
        "status",
        "in_doubt",
        "attempts",
        "next_attempt_at",
        "created_at",
    )
    list_filter = ("status", "topic", "in_doubt")
    search_fields = ("key", "topic")
    readonly_fields = [f.name for f in OutboxEvent._meta.fields]
    actions = ["retry", "checked_took_effect", "checked_did_not_take_effect"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected dead letters again"))
    def retry(self, request, queryset):
        dead = list(queryset.filter(status=OutboxEvent.Status.DEAD))
        queued = sum(outbox.retry_dead(event, actor=request.user) for event in dead)
        self.message_user(
            request, _("%(count)d events queued again.") % {"count": queued}, messages.SUCCESS
        )

    def _settle(self, request, queryset, *, took_effect: bool) -> None:
        waiting = list(queryset.filter(status=OutboxEvent.Status.NEEDS_CHECK))
        settled = sum(
            outbox.settle_check(event, took_effect=took_effect, actor=request.user)
            for event in waiting
        )
        self.message_user(
            request,
            _("%(count)d events settled; the others did not need checking.") % {"count": settled},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Checked upstream: it took effect, do not send again"),
        permissions=["change"],
    )
    def checked_took_effect(self, request, queryset):
        self._settle(request, queryset, took_effect=True)

    @admin.action(
        description=_("Checked upstream: it did not take effect, send it again"),
        permissions=["change"],
    )
    def checked_did_not_take_effect(self, request, queryset):
        self._settle(request, queryset, took_effect=False)


@admin.register(SyncCursor)
class SyncCursorAdmin(admin.ModelAdmin):
    list_display = ("name", "value", "updated_at", "succeeded_at")
    readonly_fields = ("name", "value", "updated_at", "succeeded_at")

    def has_add_permission(self, request):
        return False
