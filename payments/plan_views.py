"""The plan builder, agreeing to a plan, and the plan's calendar. Every invoice comes through
the access selector; the `plan` scope decides who may make a plan."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.selectors import get_visible_invoice, invoice_permissions
from invoices.models import Invoice
from invoices.money import format_money
from payments import plan_services
from payments.forms import AgreePlanForm, PlanBuilderForm
from payments.models import PaymentPlan
from payments.plans import PlanNotPossible, most_instalments, propose_plans


def _plannable(request: HttpRequest, myropo_id: str) -> Invoice:
    invoice = get_visible_invoice(request, myropo_id)
    if "plan" not in invoice_permissions(request, invoice):
        raise Http404
    return invoice


@require_http_methods(["GET"])
def builder(request: HttpRequest, myropo_id: str) -> HttpResponse:
    """The builder: the person's choice in the query string, the proposals below it."""
    invoice = _plannable(request, myropo_id)
    form = PlanBuilderForm(request.GET if "how" in request.GET else None)
    return _builder_page(request, invoice, form=form)


def _builder_page(
    request: HttpRequest, invoice: Invoice, *, form: PlanBuilderForm, error: str = ""
) -> HttpResponse:
    today = timezone.localdate()
    context = {"invoice": invoice, "proposals": [], "refusal": "", "form": form, "error": error}
    try:
        terms = plan_services.plan_terms(invoice, today=today)
        # A debt too small to split is refused before the person fills in the form.
        most_instalments(
            terms.principal,
            min_instalment=terms.min_instalment,
            max_instalments=terms.max_instalments,
        )
    except PlanNotPossible as exc:
        context["refusal"] = str(exc)
        return render(request, "payments/plan_builder.html", context, status=400 if error else 200)
    status = 400 if error else 200
    if not error and form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            context["proposals"] = propose_plans(
                terms,
                start=today,
                day_of_month=data["day_of_month"],
                count=data["count"] if data["how"] == "count" else None,
                monthly=data["monthly"] if data["how"] == "monthly" else None,
            )
            context["day_of_month"] = data["day_of_month"]
        except PlanNotPossible as exc:
            form.add_error(None, str(exc))
            status = 400
    elif not error and form.is_bound:
        status = 400
    context.update(terms=terms, owed=terms.principal)
    return render(request, "payments/plan_builder.html", context, status=status)


@require_POST
def agree(request: HttpRequest, myropo_id: str) -> HttpResponse:
    """Agree to a proposal the builder showed; any refusal shows the builder again (400)."""
    invoice = _plannable(request, myropo_id)
    form = AgreePlanForm(request.POST)
    if not form.is_valid():
        error = _("The plan could not be read. Please build it again.")
        return _builder_page(request, invoice, form=PlanBuilderForm(), error=error)
    try:
        plan_services.agree_payment_plan(
            invoice,
            count=form.cleaned_data["count"],
            day_of_month=form.cleaned_data["day_of_month"],
            expected_total=form.cleaned_data["total"],
            actor=request.user,
            today=timezone.localdate(),
        )
    except PlanNotPossible as exc:
        return _builder_page(request, invoice, form=PlanBuilderForm(), error=str(exc))
    messages.success(
        request,
        _("Your payment plan was agreed. A confirmation will appear among the letters."),
    )
    return redirect("invoices:detail", myropo_id=invoice.myropo_id)


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


@require_safe
def calendar(request: HttpRequest, myropo_id: str) -> HttpResponse:
    """The running plan's instalment days as an iCalendar file (RFC 5545)."""
    invoice = get_visible_invoice(request, myropo_id)
    plan = (
        invoice.plans.filter(status__in=plan_services.RUNNING)
        .prefetch_related("instalments")
        .first()
    )
    if plan is None:
        raise Http404
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//MyRopo//Payment plan//EN",
        "CALSCALE:GREGORIAN",
    ]
    for row in plan.instalments.all():
        summary = _("Instalment %(number)d of %(count)d to %(creditor)s: %(amount)s") % {
            "number": row.number,
            "count": plan.instalments.count(),
            "creditor": invoice.creditor.name,
            "amount": format_money(row.amount, invoice.currency),
        }
        lines += [
            "BEGIN:VEVENT",
            f"UID:{plan.public_id}-{row.number}@myropo",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{row.due_date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{row.due_date + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(summary)}",
            f"DESCRIPTION:{_ics_text(_('Reference') + ' ' + row.reference)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    response = HttpResponse(
        "\r\n".join(lines) + "\r\n", content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="payment-plan-{invoice.myropo_id}.ics"'
    return response


def plan_context(request: HttpRequest, invoice: Invoice, plans: list[PaymentPlan]) -> dict:
    """The plan section of the case page: the newest running or lapsed plan of ``plans`` (the
    invoice's plans, instalments prefetched; `invoice` prepared with `with_amount_due`)."""
    shown = (*plan_services.RUNNING, PaymentPlan.Status.LAPSED)
    plan = next((p for p in reversed(plans) if p.status in shown), None)
    states = plan_services.instalment_states(plan, today=timezone.localdate()) if plan else []
    next_open = next((s for s in states if s.state != "paid"), None)
    return {"plan": plan, "instalment_states": states, "next_instalment": next_open}
