"""Which conversations a request may see, built on the access selector.

A thread tied to an invoice is visible to every request that sees the invoice with the
`message` scope (the debtor, the company's representatives, a delegate allowed to write to
customer service); a thread with no invoice only to the person who started it. Letter holders
have no `message` scope. Agents see everything through their own views (staff + permission).
"""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest

from accounts import assurance
from accounts.selectors import (
    get_visible_invoice,
    invoice_permissions,
    messageable_invoices,
)
from messaging.models import Message, Thread

DEBTOR_LEVELS = (assurance.STRONG, assurance.CODE)


def debtor_session(request: HttpRequest) -> bool:
    return request.user.is_authenticated and assurance.level(request) in DEBTOR_LEVELS


def may_message(request: HttpRequest, invoice) -> bool:
    return "message" in invoice_permissions(request, invoice)


def _visible(request: HttpRequest) -> Q:
    return Q(invoice__isnull=True, owner=request.user) | Q(
        invoice__in=messageable_invoices(request).values("pk")
    )


def visible_threads(request: HttpRequest) -> QuerySet[Thread]:
    """Threads this request may read, with `unread` (agent messages not yet read)."""
    if not debtor_session(request):
        return Thread.objects.none()
    return (
        Thread.objects.filter(_visible(request))
        .select_related("invoice__creditor")
        .annotate(
            unread=Count(
                "messages",
                filter=Q(messages__from_agent=True, messages__read_at__isnull=True),
            )
        )
    )


def get_visible_thread(request: HttpRequest, public_id) -> Thread:
    """The thread if this request may read it; 404 otherwise."""
    if not debtor_session(request):
        raise Http404
    thread = Thread.objects.select_related("invoice__creditor").filter(public_id=public_id).first()
    if thread is None:
        raise Http404
    if thread.invoice_id is None:
        if thread.owner_id != request.user.pk:
            raise Http404
        return thread
    invoice = get_visible_invoice(request, thread.invoice.myropo_id)
    if not may_message(request, invoice):
        raise Http404
    return thread


def get_own_chat(request: HttpRequest, public_id) -> Thread:
    """A chat this request may end: visible, a chat, and started by this person (a delegate who
    may read the owner's conversation does not close it); 404 otherwise."""
    thread = get_visible_thread(request, public_id)
    if thread.channel != Thread.Channel.CHAT or thread.owner_id != request.user.pk:
        raise Http404
    return thread


def unread_threads(request: HttpRequest) -> int:
    """How many threads this request may read have an agent message not yet read (one query;
    none for a request that is no debtor's)."""
    if not debtor_session(request):
        return 0
    unread = Message.objects.filter(thread=OuterRef("pk"), from_agent=True, read_at__isnull=True)
    return Thread.objects.filter(_visible(request)).filter(Exists(unread)).count()


def unread_count(request: HttpRequest) -> int:
    return sum(t.unread for t in visible_threads(request))


def agent_may_work(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("messaging.change_thread")


def agent_queue(*, status: str | None = None) -> QuerySet[Thread]:
    threads = Thread.objects.select_related("owner", "invoice__creditor").annotate(
        unread=Count(
            "messages", filter=Q(messages__from_agent=False, messages__read_at__isnull=True)
        )
    )
    if status:
        threads = threads.filter(status=status)
    return threads.order_by("last_message_at")


def chat_queue() -> QuerySet[Thread]:
    """Chats still going, the one waiting longest first."""
    return agent_queue().filter(channel=Thread.Channel.CHAT).exclude(status=Thread.Status.CLOSED)
