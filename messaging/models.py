"""Threads between a debtor and customer service, their messages and attachments (encrypted),
reply templates for agents, and the assistant's knowledge base.

Subjects, bodies, file names and file contents are stored with the fail-closed field
encryption (`accounts.crypto`): the raw database rows hold no message text.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.fields import EncryptedTextField


class Thread(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("waiting for customer service")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")

    class Channel(models.TextChoices):
        MESSAGE = "message", _("message")
        CHAT = "chat", _("live chat")
        ASSISTANT = "assistant", _("from the assistant")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="message_threads",
        verbose_name=_("started by"),
    )
    invoice = models.ForeignKey(
        "invoices.Invoice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="message_threads",
        verbose_name=_("invoice"),
    )
    subject = EncryptedTextField(_("subject"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.MESSAGE
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-id"]
        indexes = [
            models.Index(fields=["status", "last_message_at"], name="thread_queue"),
            models.Index(fields=["owner", "last_message_at"], name="thread_owner"),
        ]

    def __str__(self) -> str:
        return str(self.public_id)


class Message(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="messages", verbose_name=_("conversation")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    from_agent = models.BooleanField(_("from customer service"), default=False)
    body = EncryptedTextField(_("message"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["thread", "from_agent"],
                condition=Q(read_at__isnull=True),
                name="message_unread",
            ),
        ]

    def __str__(self) -> str:
        return str(self.public_id)


class Attachment(models.Model):
    """A file sent with a message: its bytes encrypted (base64 inside the ciphertext)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("message")
    )
    filename = EncryptedTextField(_("file name"))
    content_type = models.CharField(_("type"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    content = EncryptedTextField(_("content"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return str(self.public_id)


def language_choices():
    return settings.LANGUAGES


class ReplyTemplate(models.Model):
    """A ready answer agents start from, one per language."""

    title = models.CharField(_("title"), max_length=120)
    language = models.CharField(_("language"), max_length=8, choices=language_choices)
    body = models.TextField(_("text"))

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["language", "title"]
        constraints = [
            models.UniqueConstraint(fields=["language", "title"], name="reply_template_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class KnowledgeEntry(models.Model):
    """One answer of the assistant in one language; agents edit these in the admin.

    `topic` ties the languages of one answer together; `link` is a URL name to offer
    (e.g. `invoices:home`); topics in `messaging.assistant.PERSONAL_TOPICS` also show the
    asking person's own figures.
    """

    topic = models.SlugField(_("topic"), max_length=60)
    language = models.CharField(_("language"), max_length=8, choices=language_choices)
    title = models.CharField(_("title"), max_length=200)
    questions = models.TextField(
        _("ways people ask"), help_text=_("One question or phrase a line; used for matching.")
    )
    answer = models.TextField(_("answer"))
    link = models.CharField(_("page to offer (URL name)"), max_length=60, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("knowledge base entry")
        verbose_name_plural = _("knowledge base entries")
        ordering = ["topic", "language"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "language"], name="knowledge_topic_language"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class KnowledgeSynonym(models.Model):
    """A word or phrase people write, and the knowledge base's words it means (per language).

    The assistant reads a question's `word` as if it also said `means`; with `means` left
    empty the word is ignored when matching (a filler such as "please"). Agents edit these.
    """

    language = models.CharField(_("language"), max_length=8, choices=language_choices)
    word = models.CharField(
        _("word people write"), max_length=100, help_text=_("A word or a short phrase.")
    )
    means = models.CharField(
        _("means"),
        max_length=200,
        blank=True,
        help_text=_("Words of the knowledge base it stands for; empty: ignore the word."),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("knowledge base synonym")
        verbose_name_plural = _("knowledge base synonyms")
        ordering = ["language", "word"]
        constraints = [
            models.UniqueConstraint(fields=["language", "word"], name="synonym_language_word"),
        ]

    def __str__(self) -> str:
        return f"{self.word} → {self.means}"
