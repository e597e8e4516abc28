"""Every write about conversations: start, post, read, close.

Messages stay in the portal (no outside system owns them), so nothing goes to the outbox;
the follow-up work is the e-mail that tells the debtor a reply is waiting, sent after commit
and carrying no message content.
"""

from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit, ratelimit
from messaging import files
from messaging.errors import MessagingError
from messaging.models import Attachment, Message, Thread
from messaging.notifications import notify

MAX_BODY = 5000
MAX_SUBJECT = 150
# A person may send this many messages (threads, replies, chat lines) in ten minutes.
SEND_LIMIT = ratelimit.Rule(failures=60, window=10 * 60, lockout=10 * 60)


def _count_send(author) -> None:
    """Refuse when the author has sent too much lately; count this message otherwise."""
    key = f"messaging:send:{author.pk}"
    if ratelimit.is_locked(key):
        raise MessagingError(
            _("You have sent many messages in a short time. Please try again in a few minutes.")
        )
    ratelimit.record_failure(key, SEND_LIMIT)


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise MessagingError(_("Write a message first."))
    if len(body) > MAX_BODY:
        raise MessagingError(
            _("A message can be at most %(count)d characters long.") % {"count": MAX_BODY}
        )
    return body


@transaction.atomic
def start_thread(
    *,
    owner,
    subject: str,
    body: str,
    invoice=None,
    attachments: Sequence[files.CheckedFile] = (),
    channel: str = Thread.Channel.MESSAGE,
    language: str = "",
) -> Thread:
    """Open a conversation with its first message. Raises MessagingError on bad input.

    The caller has checked that `owner` may write about `invoice` (the access selector).
    """
    subject = (subject or "").strip()
    if not subject:
        raise MessagingError(_("Give the message a subject."))
    if len(subject) > MAX_SUBJECT:
        raise MessagingError(
            _("A subject can be at most %(count)d characters long.") % {"count": MAX_SUBJECT}
        )
    body = _clean_body(body)
    thread = Thread.objects.create(
        owner=owner,
        invoice=invoice,
        subject=subject,
        channel=channel,
        language=language or owner.language or settings.LANGUAGE_CODE,
    )
    audit.record(
        "thread.started",
        actor=owner,
        obj=thread,
        data={"invoice": invoice.myropo_id if invoice else None, "channel": channel},
    )
    post_message(thread, author=owner, body=body, attachments=attachments)
    return thread


@transaction.atomic
def post_message(
    thread: Thread,
    *,
    author,
    body: str,
    attachments: Sequence[files.CheckedFile] = (),
    from_agent: bool = False,
) -> Message:
    """Add a message; an agent's reply marks the thread answered and e-mails the owner
    (no content in the e-mail), a debtor's message reopens it for customer service."""
    body = _clean_body(body)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.status == Thread.Status.CLOSED and not from_agent:
        raise MessagingError(_("This conversation is closed. Please start a new one."))
    if not from_agent:
        _count_send(author)
    message = Message.objects.create(thread=thread, author=author, from_agent=from_agent, body=body)
    for item in attachments:
        Attachment.objects.create(
            message=message,
            filename=item.filename,
            content_type=item.content_type,
            size=len(item.data),
            content=files.encode(item.data),
        )
    before = thread.status
    thread.status = Thread.Status.ANSWERED if from_agent else Thread.Status.OPEN
    thread.last_message_at = message.created_at
    thread.save(update_fields=["status", "last_message_at"])
    audit.record(
        "message.posted",
        actor=author,
        obj=thread,
        before={"status": before},
        after={"status": thread.status},
        data={"from_agent": from_agent, "attachments": len(attachments)},
    )
    if from_agent and thread.channel != Thread.Channel.CHAT:
        _notify_owner(thread)
    return message


def _notify_owner(thread: Thread) -> None:
    owner = thread.owner
    if not owner.email:
        return
    notify(
        to=owner.email,
        template="message_reply",
        context={
            "name": owner.get_short_name(),
            "url": settings.PORTAL_BASE_URL + reverse("messaging:thread", args=[thread.public_id]),
        },
        language=owner.language or thread.language,
    )


@transaction.atomic
def mark_read(thread: Thread, *, by_agent: bool) -> int:
    """Mark the other side's messages read; returns how many were unread.

    Read marks are bookkeeping, not a change of the case: not audited.
    """
    return thread.messages.filter(from_agent=not by_agent, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def close_thread(thread: Thread, *, actor) -> Thread:
    """Close a conversation (the debtor or an agent); a closed thread takes no new debtor
    messages."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.status == Thread.Status.CLOSED:
        return thread
    before = thread.status
    thread.status = Thread.Status.CLOSED
    thread.save(update_fields=["status"])
    audit.record(
        "thread.closed",
        actor=actor,
        obj=thread,
        before={"status": before},
        after={"status": thread.status},
    )
    return thread
