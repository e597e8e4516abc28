"""The debtor's message center and the agents' inbox. Access goes through the selectors."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import ratelimit
from accounts.assurance import has_second_factor
from accounts.middleware import second_factor_redirect
from accounts.security import client_key
from accounts.selectors import get_visible_invoice
from invoices.selectors import amount_due, with_amount_due
from messaging import assistant, chat, files, llm, selectors, services
from messaging.errors import MessagingError
from messaging.forms import AgentReplyForm, ChatForm, NewThreadForm, QuestionForm, ReplyForm
from messaging.models import Attachment, ReplyTemplate, Thread


def debtor_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not selectors.debtor_session(request):
            return redirect("account_login")
        return view(request, *args, **kwargs)

    return wrapped


def agent_required(view):
    """Agents only, with a second factor in this session (see SecondFactorMiddleware)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not selectors.agent_may_work(request.user):
            raise PermissionDenied
        if not has_second_factor(request):
            return second_factor_redirect(request)
        return view(request, *args, **kwargs)

    wrapped.second_factor_required = True
    return wrapped


def _checked(form) -> list[files.CheckedFile]:
    upload = form.cleaned_data.get("attachment")
    return [files.check_upload(upload)] if upload else []


@require_safe
@debtor_required
def inbox(request: HttpRequest) -> HttpResponse:
    threads = list(selectors.visible_threads(request))
    return render(request, "messaging/inbox.html", {"threads": threads})


@require_http_methods(["GET", "POST"])
@debtor_required
def new_thread(request: HttpRequest) -> HttpResponse:
    invoice = None
    myropo_id = request.GET.get("invoice", "")
    if myropo_id:
        invoice = get_visible_invoice(request, myropo_id)
        if not selectors.may_message(request, invoice):
            raise Http404
    form = NewThreadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.start_thread(
                owner=request.user,
                invoice=invoice,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                attachments=_checked(form),
                language=get_language(),
            )
        except MessagingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your message was sent to customer service."))
            return redirect("messaging:thread", public_id=thread.public_id)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "invoice": invoice}
    return render(request, "messaging/new_thread.html", context, status=status)


@require_http_methods(["GET", "POST"])
@debtor_required
def thread(request: HttpRequest, public_id) -> HttpResponse:
    item = selectors.get_visible_thread(request, public_id)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.post_message(
                    item,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    attachments=_checked(form),
                )
            except MessagingError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Your message was sent to customer service."))
                return redirect("messaging:thread", public_id=item.public_id)
    else:
        services.mark_read(item, by_agent=False)
    context = {"thread": item, "items": _messages(item), "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "messaging/thread.html", context, status=status)


def _messages(item: Thread):
    return item.messages.select_related("author").prefetch_related("attachments")


@require_safe
@debtor_required
def attachment(request: HttpRequest, public_id, attachment_id) -> HttpResponse:
    item = selectors.get_visible_thread(request, public_id)
    return _file_response(item, attachment_id)


def _file_response(item: Thread, attachment_id) -> HttpResponse:
    stored = get_object_or_404(Attachment, public_id=attachment_id, message__thread=item)
    response = HttpResponse(files.decode(stored.content), content_type=stored.content_type)
    safe_name = "".join(c for c in stored.filename if c.isalnum() or c in "._-") or "file"
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Agents ----------------------------------------------------------------------------------


@require_safe
@agent_required
def agent_inbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Thread.Status.OPEN)
    if status not in Thread.Status.values:
        status = Thread.Status.OPEN
    context = {
        "threads": selectors.agent_queue(status=status),
        "status": status,
        "statuses": Thread.Status.choices,
    }
    return render(request, "messaging/agent_inbox.html", context)


@require_http_methods(["GET", "POST"])
@agent_required
def agent_thread(request: HttpRequest, public_id) -> HttpResponse:
    item = get_object_or_404(
        Thread.objects.select_related("owner", "invoice__creditor", "invoice__debtor"),
        public_id=public_id,
    )
    templates = ReplyTemplate.objects.filter(language=item.language or get_language())
    raw = request.GET.get("template", "")
    chosen = templates.filter(pk=int(raw)).first() if raw.isascii() and raw.isdigit() else None
    form = AgentReplyForm(request.POST or None, initial={"body": chosen.body if chosen else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_message(
                item, author=request.user, body=form.cleaned_data["body"], from_agent=True
            )
            if form.cleaned_data["close"]:
                services.close_thread(item, actor=request.user)
        except MessagingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The reply was sent."))
            return redirect("messaging:agent_inbox")
    if request.method == "GET":
        services.mark_read(item, by_agent=True)
    invoice = item.invoice
    if invoice is not None:
        invoice = with_amount_due(type(invoice).objects.filter(pk=invoice.pk)).get()
        invoice.due_now = amount_due(invoice)
    context = {
        "thread": item,
        "items": _messages(item),
        "form": form,
        "invoice": invoice,
        "templates": templates,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "messaging/agent_thread.html", context, status=status)


@require_safe
@agent_required
def agent_attachment(request: HttpRequest, public_id, attachment_id) -> HttpResponse:
    item = get_object_or_404(Thread, public_id=public_id)
    return _file_response(item, attachment_id)


# --- The assistant ---------------------------------------------------------------------------

CONVERSATION_KEY = "assistant_conversation"
# Questions one client may ask in ten minutes (the assistant is open to anyone).
ASK_LIMIT = ratelimit.Rule(failures=60, window=10 * 60, lockout=10 * 60)


@require_http_methods(["GET", "POST"])
def assistant_view(request: HttpRequest) -> HttpResponse:
    """Anyone may ask; own figures come only from what this session may see."""
    form = QuestionForm(request.POST or None)
    reply = None
    key = f"messaging:ask:{client_key(request)}"
    if request.method == "POST" and ratelimit.is_locked(key):
        form.add_error(
            None, _("You have asked many questions in a short time. Please wait a few minutes.")
        )
        return render(request, "messaging/assistant.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        ratelimit.record_failure(key, ASK_LIMIT)
        reply = assistant.answer(request, form.cleaned_data["question"], get_language())
        text = llm.compose(reply, get_language()) if not reply.handover else None
        reply.text = text or reply.text
        conversation = request.session.get(CONVERSATION_KEY, [])[-9:]
        said = reply.text if not reply.handover else _("I do not know the answer to that.")
        conversation.append({"q": reply.question, "a": said})
        request.session[CONVERSATION_KEY] = conversation
        form = QuestionForm()
    context = {
        "form": form,
        "reply": reply,
        "conversation": request.session.get(CONVERSATION_KEY, []),
        "can_hand_over": selectors.debtor_session(request),
    }
    status = 400 if request.method == "POST" and reply is None else 200
    return render(request, "messaging/assistant.html", context, status=status)


@require_http_methods(["POST"])
@debtor_required
def assistant_handover(request: HttpRequest) -> HttpResponse:
    """Send the conversation with the assistant to customer service as a new thread."""
    conversation = request.session.get(CONVERSATION_KEY, [])
    if not conversation:
        messages.error(request, _("Ask the assistant something first."))
        return redirect("messaging:assistant")
    lines = []
    for turn in conversation:
        lines += [_("Question: %(text)s") % {"text": turn["q"]}]
        lines += [_("Assistant: %(text)s") % {"text": turn["a"]}, ""]
    thread = services.start_thread(
        owner=request.user,
        subject=_("Question to customer service from the assistant"),
        body="\n".join(lines)[: services.MAX_BODY],
        channel=Thread.Channel.ASSISTANT,
        language=get_language(),
    )
    del request.session[CONVERSATION_KEY]
    messages.success(request, _("Your conversation was sent to customer service."))
    return redirect("messaging:thread", public_id=thread.public_id)


# --- Live chat -------------------------------------------------------------------------------


def _chat_context(item: Thread | None, *, agent: bool) -> dict:
    if item is None:
        return {"thread": None, "items": [], "agent_view": agent}
    prefix = "messaging:agent_chat" if agent else "messaging:chat"
    return {
        "thread": item,
        "items": _messages(item),
        "agent_view": agent,
        "log_url": reverse(f"{prefix}_log", args=[item.public_id]),
        "post_url": (
            reverse(prefix, args=[item.public_id]) if agent else reverse("messaging:chat")
        ),
        "end_url": reverse(f"{prefix}_end", args=[item.public_id]),
    }


@require_http_methods(["GET", "POST"])
@debtor_required
def chat_view(request: HttpRequest) -> HttpResponse:
    """The debtor's live chat: start one during service hours, write, see answers at once."""
    item = chat.current_chat(request.user)
    is_open = chat.is_open(chat.country_of(request, get_language()))
    form = ChatForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if item is None:
                if not is_open:
                    raise MessagingError(
                        _("The chat is closed now. Ask the assistant or write us a message.")
                    )
                item = services.start_thread(
                    owner=request.user,
                    subject=_("Live chat"),
                    body=form.cleaned_data["body"],
                    channel=Thread.Channel.CHAT,
                    language=get_language(),
                )
            else:
                services.post_message(item, author=request.user, body=form.cleaned_data["body"])
        except MessagingError as exc:
            form.add_error(None, exc.message)
        else:
            if not request.htmx:
                return redirect("messaging:chat")
            form = ChatForm()
    if request.method == "GET" and item is not None:
        services.mark_read(item, by_agent=False)
    context = {**_chat_context(item, agent=False), "form": form, "is_open": is_open}
    template = "messaging/chat_panel.html" if request.htmx else "messaging/chat.html"
    status = 400 if form.errors else 200
    return render(request, template, context, status=status)


@require_safe
@debtor_required
def chat_log(request: HttpRequest, public_id) -> HttpResponse:
    item = selectors.get_visible_thread(request, public_id)
    if item.channel != Thread.Channel.CHAT:
        raise Http404
    services.mark_read(item, by_agent=False)
    return render(request, "messaging/chat_log.html", _chat_context(item, agent=False))


@require_http_methods(["POST"])
@debtor_required
def chat_end(request: HttpRequest, public_id) -> HttpResponse:
    item = selectors.get_own_chat(request, public_id)
    services.close_thread(item, actor=request.user)
    messages.success(request, _("The chat has ended. Its transcript is saved in your messages."))
    return redirect("messaging:thread", public_id=item.public_id)


@require_safe
@agent_required
def agent_chats(request: HttpRequest) -> HttpResponse:
    template = "messaging/agent_chat_queue.html" if request.htmx else "messaging/agent_chats.html"
    return render(request, template, {"threads": selectors.chat_queue()})


@require_http_methods(["GET", "POST"])
@agent_required
def agent_chat(request: HttpRequest, public_id) -> HttpResponse:
    item = get_object_or_404(Thread, public_id=public_id, channel=Thread.Channel.CHAT)
    form = ChatForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_message(
                item, author=request.user, body=form.cleaned_data["body"], from_agent=True
            )
        except MessagingError as exc:
            form.add_error(None, exc.message)
        else:
            if not request.htmx:
                return redirect("messaging:agent_chat", public_id=item.public_id)
            form = ChatForm()
    services.mark_read(item, by_agent=True)
    context = {**_chat_context(item, agent=True), "form": form, "is_open": True}
    template = "messaging/chat_panel.html" if request.htmx else "messaging/agent_chat.html"
    return render(request, template, context, status=400 if form.errors else 200)


@require_safe
@agent_required
def agent_chat_log(request: HttpRequest, public_id) -> HttpResponse:
    item = get_object_or_404(Thread, public_id=public_id, channel=Thread.Channel.CHAT)
    services.mark_read(item, by_agent=True)
    return render(request, "messaging/chat_log.html", _chat_context(item, agent=True))


@require_http_methods(["POST"])
@agent_required
def agent_chat_end(request: HttpRequest, public_id) -> HttpResponse:
    item = get_object_or_404(Thread, public_id=public_id, channel=Thread.Channel.CHAT)
    services.close_thread(item, actor=request.user)
    messages.success(request, _("The chat has ended. Its transcript is saved in the conversation."))
    return redirect("messaging:agent_chats")
