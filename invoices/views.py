"""What a debtor sees. Every invoice comes through the access selector."""

import functools
import uuid
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Case, F, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import assurance, delegation
from accounts.decorators import strong_required
from accounts.forms import InviteDelegateForm
from accounts.models import DelegationGrant
from accounts.selectors import (
    acting_company,
    delegation_for,
    get_visible_invoice,
    invoice_permissions,
    owned_invoices,
    visible_invoices,
)
from accounts.views import safe_next
from integrations.http import UpstreamError
from integrations.ropo_one.letters import letter_pdf
from invoices import case_state, disputes, postponements
from invoices import timeline as case_timeline
from invoices.disputes import MAX_ATTACHMENT_BYTES, Upload
from invoices.errors import InvoiceActionError
from invoices.forms import DisputeForm, InvoiceSearchForm, PostponeForm
from invoices.models import (
    Dispute,
    DisputeAttachment,
    InvoiceStatus,
    Letter,
    ReportedPayment,
)
from invoices.selectors import amount_due, totals_by_currency, with_amount_due
from myropo.pdf import render_pdf
from payments.plan_services import PLANNABLE, plan_refusal
from payments.plan_views import plan_context
from payments.selectors import all_receipts, payment_context


def _debtor_session(request: HttpRequest) -> bool:
    return assurance.level(request) is not None


PAGE_SIZE = 50


def login_first(view):
    """A person who is not logged in and follows a link to an invoice page (a receipt e-mail,
    the back button after logging out) is asked to log in and comes back to it; the answer is
    the same whether the invoice exists or not. Someone logged in (or with a letter's access)
    who may not see it: 404."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Http404:
            anonymous = not request.user.is_authenticated and not _debtor_session(request)
            if not anonymous or request.method not in ("GET", "HEAD"):
                raise  # logged in, or holding a letter's access: no hint the page exists
            return redirect_to_login(request.get_full_path())

    return wrapped


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Open invoices first (soonest due first), then paid and closed ones, 50 to a page."""
    if not _debtor_session(request):
        return redirect("account_login")
    mine = visible_invoices(request)
    search = InvoiceSearchForm(request.GET or None, creditors=_creditors(mine))
    valid = search.is_valid()
    shown = search.apply(mine) if valid else mine if not search.is_bound else mine.none()
    # A case paid in full here waits among the paid ones until upstream confirms it.
    still_owed = When(status=InvoiceStatus.OPEN, balance__gt=F("unconfirmed"), then=Value(0))
    ordered = case_state.with_case_state(shown).order_by(
        Case(still_owed, default=Value(1)), "due_date", "pk"
    )
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    invoices = list(page.object_list)
    upcoming = case_state.next_instalments(invoices)
    for invoice in invoices:
        invoice.state = case_state.row_state(invoice, upcoming.get(invoice.pk))
    context = {
        "search": search,
        "searching": bool(set(request.GET) - {"page"}),
        "page": page,
        "query": _without_page(request),
        "open_invoices": [i for i in invoices if i.state.due_now > 0],
        "closed_invoices": [i for i in invoices if i.state.due_now <= 0],
        "totals": sorted(totals_by_currency(owned_invoices(request)).items()),
    }
    return render(request, "invoices/home.html", context, status=400 if search.errors else 200)


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _creditors(invoices) -> list[tuple[str, str]]:
    pairs = (
        invoices.order_by("creditor__name", "creditor__public_id")
        .values_list("creditor__public_id", "creditor__name")
        .distinct()
    )
    return [(str(pid), name) for pid, name in pairs]


def _with_due(invoices) -> list:
    rows = list(with_amount_due(invoices))
    for invoice in rows:
        invoice.due_now = amount_due(invoice)
    return rows


@login_first
@require_safe
def detail(request: HttpRequest, myropo_id: str) -> HttpResponse:
    invoice = get_visible_invoice(request, myropo_id, prepare=with_amount_due)
    invoice.due_now = amount_due(invoice)
    permissions = invoice_permissions(request, invoice)
    letters = list(invoice.letters.order_by("sent_on", "pk"))
    disputes = list(invoice.disputes.prefetch_related("attachments").order_by("created_at"))
    open_dispute = next((d for d in disputes if d.status == Dispute.Status.OPEN), None)
    payments = list(invoice.reported_payments.exclude(status=ReportedPayment.Status.FAILED))
    moved = list(invoice.postponements.all())
    plans = list(invoice.plans.prefetch_related("instalments").order_by("created_at", "pk"))
    owner_view = "dispute" in permissions
    context = {
        "invoice": invoice,
        "rows": invoice.rows.all(),
        "letters": letters,
        "permissions": permissions,
        "on_behalf_of": None if "authorize" in permissions else delegation_for(request, invoice),
        "open_dispute": open_dispute,
        "disputes": disputes if owner_view else [],
        "history": case_timeline.history(
            invoice, letters, payments, disputes if owner_view else [], moved, plans
        ),
        "can_postpone": "plan" in permissions
        and invoice.stage in postponements.POSTPONABLE
        and not open_dispute,
    }
    context.update(payment_context(request, invoice))
    context.update(plan_context(request, invoice, plans))
    context["plan_attempt"] = uuid.uuid4()
    _show_what_the_portal_did(context, invoice, payments=payments, postponements=moved)
    may_plan = (
        "plan" in permissions
        and invoice.stage in PLANNABLE
        and not open_dispute
        and not context["case"].settled
        and (context["plan"] is None or context["plan"].status == "lapsed")
    )
    # The builder is offered only when a plan is possible; otherwise the page says why.
    context["plan_refusal"] = plan_refusal(invoice, owed=invoice.due_now) if may_plan else ""
    context["can_plan"] = may_plan and not context["plan_refusal"]
    return render(request, "invoices/detail.html", context)


def _show_what_the_portal_did(context: dict, invoice, *, payments, postponements) -> None:
    """Put the case's state (`invoices.case_state`) into the case page's context: a payment,
    a moved due date or a plan the portal has just made shows at once, and nothing it
    replaced (the full-amount form and the old reference beside a plan, offers and warnings
    beside a paid case) shows with it."""
    plan = context["plan"]
    state = case_state.case_state(
        invoice,
        payments=payments,
        postponements=postponements,
        plan=plan,
        next_instalment=context["next_instalment"],
    )
    context["case"] = state
    context["status_text"] = case_state.status_text(invoice, state)
    context["stage_text"] = case_state.stage_text(invoice, state)
    if state.plan is not None:
        context["can_postpone"] = False
        context["online_payment"]["form"] = None  # the plan section pays an instalment
    if state.settled:
        context["can_postpone"] = False
    context["next_step"] = case_timeline.next_step(
        invoice,
        open_dispute=context["open_dispute"],
        today=timezone.localdate(),
        settled=state.settled,
        in_a_plan=state.plan is not None,
        due_date=state.due_date,
    )
    context["payment"] = case_state.payment_details_for(invoice, state)


@require_safe
def archive(request: HttpRequest) -> HttpResponse:
    """Every letter of every invoice this person sees, newest first."""
    if not _debtor_session(request):
        return redirect("account_login")
    letters = (
        Letter.objects.filter(invoice__in=visible_invoices(request))
        .select_related("invoice__creditor")
        .order_by("-sent_on", "-pk")
    )
    page = Paginator(letters, PAGE_SIZE).get_page(request.GET.get("page"))
    receipts = all_receipts(visible_invoices(request)) if page.number == 1 else []
    context = {"letters": page.object_list, "page": page, "query": "", "receipts": receipts}
    return render(request, "invoices/archive.html", context)


@require_safe
def balance_certificate(request: HttpRequest) -> HttpResponse:
    """A PDF of every open debt with its basis, capital, interest and costs: for a person who
    logged in (a letter opens one invoice, not a certificate of someone's debts)."""
    if not request.user.is_authenticated or not _debtor_session(request):
        return redirect("account_login")
    open_invoices = owned_invoices(request).filter(status=InvoiceStatus.OPEN)
    invoices = _with_due(open_invoices.order_by("currency", "due_date", "pk"))
    groups = {}
    for invoice in invoices:
        invoice.paid_total = invoice.paid + invoice.unconfirmed
        group = groups.setdefault(
            invoice.currency,
            {
                "invoices": [],
                **dict.fromkeys(("capital", "interest", "fees", "paid", "due"), Decimal("0.00")),
            },
        )
        group["invoices"].append(invoice)
        group["capital"] += invoice.capital
        group["interest"] += invoice.interest
        group["fees"] += invoice.fees
        group["paid"] += invoice.paid_total
        group["due"] += invoice.due_now
    context = {
        "groups": sorted(groups.items()),
        "holder": _holder_name(request, invoices),
        "today": timezone.localdate(),
    }
    content = render_pdf("pdf/balance_certificate.html", context)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="balance-certificate-{timezone.localdate()}.pdf"'
    )
    return response


def _holder_name(request: HttpRequest, invoices) -> str:
    company = acting_company(request)
    if company is not None:
        return company["name"] or company["country"]
    names = {invoice.debtor.name for invoice in invoices}
    if len(names) == 1:
        return names.pop()
    return request.user.get_full_name() or request.user.email


@login_first
@require_http_methods(["GET", "POST"])
def dispute(request: HttpRequest, myropo_id: str) -> HttpResponse:
    invoice = get_visible_invoice(request, myropo_id, prepare=with_amount_due)
    if "dispute" not in invoice_permissions(request, invoice):
        raise Http404
    invoice.due_now = amount_due(invoice)
    form = DisputeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploads = [
            Upload(f.name, f.read(MAX_ATTACHMENT_BYTES + 1))
            for f in form.cleaned_data["attachments"]
        ]
        try:
            disputes.open_dispute(
                invoice,
                scope=form.cleaned_data["scope"],
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                uploads=uploads,
                actor=request.user,
            )
        except InvoiceActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Your dispute was sent. Collection is paused until customer service "
                    "has answered."
                ),
            )
            return redirect("invoices:detail", myropo_id=invoice.myropo_id)
    return render(
        request,
        "invoices/dispute.html",
        {
            "invoice": invoice,
            "form": form,
            "open_dispute": invoice.disputes.filter(status=Dispute.Status.OPEN).first(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_first
@require_http_methods(["GET", "POST"])
def postpone(request: HttpRequest, myropo_id: str) -> HttpResponse:
    """Offer the days the due date may move to, with the fee and what a missed date means."""
    invoice = get_visible_invoice(request, myropo_id, prepare=with_amount_due)
    if "plan" not in invoice_permissions(request, invoice):
        raise Http404
    invoice.due_now = amount_due(invoice)
    today = timezone.localdate()
    offer = postponements.postponement_offer(invoice, today=today)
    form = PostponeForm(request.POST or None, dates=offer.dates)
    if request.method == "POST" and offer.allowed and form.is_valid():
        try:
            postponements.postpone_due_date(
                invoice,
                new_due_date=form.cleaned_data["new_due_date"],
                actor=request.user,
                today=today,
            )
        except InvoiceActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("The new due date was agreed. A confirmation will appear among the letters."),
            )
            return redirect("invoices:detail", myropo_id=invoice.myropo_id)
    context = {
        "invoice": invoice,
        "offer": offer,
        "form": form,
        "current_due_date": postponements.current_due_date(invoice),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "invoices/postpone.html", context, status=status)


@login_first
@require_safe
def dispute_attachment(request: HttpRequest, myropo_id: str, attachment_id: str) -> HttpResponse:
    invoice = get_visible_invoice(request, myropo_id)
    if "dispute" not in invoice_permissions(request, invoice):
        raise Http404
    item = get_object_or_404(DisputeAttachment, public_id=attachment_id, dispute__invoice=invoice)
    response = HttpResponse(disputes.attachment_bytes(item), content_type=item.content_type)
    response["Content-Disposition"] = f'attachment; filename="{item.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_first
@require_safe
def letter(request: HttpRequest, myropo_id: str, letter_id: str) -> HttpResponse:
    invoice = get_visible_invoice(request, myropo_id)
    item = get_object_or_404(invoice.letters, public_id=letter_id)
    try:
        content = letter_pdf(item)
    except UpstreamError:
        messages.error(
            request, _("The letter could not be fetched just now. Please try again soon.")
        )
        return redirect("invoices:detail", myropo_id=invoice.myropo_id)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="letter-{item.sent_on}.pdf"'
    return response


@strong_required
@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest, myropo_id: str) -> HttpResponse:
    invoice = get_visible_invoice(request, myropo_id)
    if "authorize" not in invoice_permissions(request, invoice):
        raise Http404
    form = InviteDelegateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            delegation.invite_delegate(invoice, granted_by=request.user, **form.cleaned_data)
        except delegation.GrantError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The invitation was sent."))
            return redirect("invoices:authorize", myropo_id=invoice.myropo_id)
    grants = invoice.grants.order_by("-created_at")
    return render(
        request,
        "invoices/authorize.html",
        {"invoice": invoice, "form": form, "grants": grants},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def revoke(request: HttpRequest, myropo_id: str, grant_id: str) -> HttpResponse:
    """The person who made a grant may always end it (whoever they act for right now);
    otherwise only someone who owns the invoice may."""
    grant = DelegationGrant.objects.filter(
        public_id=grant_id, invoice__myropo_id=myropo_id.upper(), granted_by=request.user
    ).first()
    if grant is None:
        invoice = get_visible_invoice(request, myropo_id)
        if "authorize" not in invoice_permissions(request, invoice):
            raise Http404
        grant = get_object_or_404(invoice.grants, public_id=grant_id)
    delegation.revoke_grant(grant, actor=request.user)
    messages.success(request, _("The authorization was ended."))
    fallback = reverse("invoices:authorize", args=[grant.invoice.myropo_id])
    return redirect(safe_next(request, fallback))
