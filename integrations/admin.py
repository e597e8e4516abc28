from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from integrations import outbox
from integrations.models import OutboxEvent, SyncCursor


@admin.register(OutboxEvent)
class OutboxEventAdmin(admin.ModelAdmin):
    list_display = ("id", "topic", "status", "attempts", "next_attempt_at", "created_at")
    list_filter = ("status", "topic")
    search_fields = ("key", "topic")
    readonly_fields = [f.name for f in OutboxEvent._meta.fields]
    actions = ["retry"]

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


@admin.register(SyncCursor)
class SyncCursorAdmin(admin.ModelAdmin):
    list_display = ("name", "value", "updated_at")
    readonly_fields = ("name", "value", "updated_at")

    def has_add_permission(self, request):
        return False
