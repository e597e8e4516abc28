"""Agents answer conversations here too; every reply goes through `messaging.services`."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from messaging import services
from messaging.errors import MessagingError
from messaging.models import KnowledgeEntry, KnowledgeSynonym, Message, ReplyTemplate, Thread


class MessageInline(admin.TabularInline):
    model = Message
    fields = ("created_at", "from_agent", "author", "body", "read_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ThreadForm(forms.ModelForm):
    reply = forms.CharField(label=_("Reply"), required=False, widget=forms.Textarea)
    close = forms.BooleanField(label=_("Close the conversation"), required=False)

    class Meta:
        model = Thread
        fields: tuple = ()


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    form = ThreadForm
    list_display = ("subject", "owner", "invoice", "channel", "status", "last_message_at")
    list_filter = ("status", "channel", "language")
    search_fields = ("owner__email", "invoice__myropo_id")
    readonly_fields = (
        "public_id",
        "subject",
        "owner",
        "invoice",
        "status",
        "channel",
        "language",
        "created_at",
    )
    fields = (*readonly_fields, "reply", "close")
    inlines = [MessageInline]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        """Nothing on the thread is edited directly: a reply and closing go through services."""
        reply, close = form.cleaned_data.get("reply"), form.cleaned_data.get("close")
        try:
            if reply:
                services.post_message(obj, author=request.user, body=reply, from_agent=True)
            if close:
                services.close_thread(obj, actor=request.user)
        except MessagingError as exc:
            self.message_user(request, exc.message, level="error")


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ("title", "language")
    list_filter = ("language",)
    search_fields = ("title", "body")


@admin.register(KnowledgeEntry)
class KnowledgeEntryAdmin(admin.ModelAdmin):
    list_display = ("topic", "language", "title", "is_active", "updated_at")
    list_filter = ("language", "is_active")
    search_fields = ("topic", "title", "questions", "answer")


@admin.register(KnowledgeSynonym)
class KnowledgeSynonymAdmin(admin.ModelAdmin):
    list_display = ("word", "means", "language", "updated_at")
    list_filter = ("language",)
    search_fields = ("word", "means")
