"""What creditor users see: their creditors, key figures, cases, events and API tokens.

Every view starts from `selectors.membership_for(request, creditor_id)`: a creditor the user
is not a member of answers 404; a member without a second factor in this session is sent to
set one up or to confirm it (accounts.middleware.SecondFactorMiddleware).
"""

import csv
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.middleware import second_factor_redirect
from creditors import charts, maventa, selectors, services
from creditors.forms import (
    ActivationForm,
    AssignmentFilter,
    CloseServiceForm,
    PeriodForm,
    ReportEventForm,
    TokenForm,
    TransferUploadForm,
)
from creditors.models import MaventaLink
from creditors.transfers import CSV_COLUMNS, RowError, TransferForm, read_csv, read_upload
from integrations.http import UpstreamError

PAGE_SIZE = 50


def creditor_view(view):
    """Log-in required; resolves `creditor_id` to the request's membership (`membership`)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, creditor_id, *args, **kwargs):
        try:
            membership = selectors.membership_for(request, creditor_id)
        except selectors.SecondFactorRequired:
            return second_factor_redirect(request)
        return view(request, membership, *args, **kwargs)

    wrapped.second_factor_required = True
    return wrapped


@require_safe
@login_required
def choose(request: HttpRequest) -> HttpResponse:
    found = list(selectors.memberships(request.user))
    if not found:
        raise Http404
    if len(found) == 1:
        return redirect("creditors:dashboard", creditor_id=found[0].creditor.public_id)
    return render(request, "creditors/choose.html", {"memberships": found})


@require_safe
@creditor_view
def dashboard(request: HttpRequest, membership) -> HttpResponse:
    creditor = membership.creditor
    form = PeriodForm(
        PeriodForm.default(creditor.currency) | request.GET.dict(),
        currencies=selectors.creditor_currencies(creditor),
    )
    figures = None
    if form.is_valid():
        figures = selectors.key_figures(creditor, **form.cleaned_data)
        figures["charts"] = charts.dashboard_charts(figures)
    context = {"membership": membership, "creditor": creditor, "form": form, "figures": figures}
    return render(request, "creditors/dashboard.html", context, status=200 if figures else 400)


@require_safe
@creditor_view
def assignments(request: HttpRequest, membership) -> HttpResponse:
    creditor = membership.creditor
    form = AssignmentFilter(request.GET, currencies=selectors.creditor_currencies(creditor))
    if not form.is_valid():
        context = {"membership": membership, "creditor": creditor, "form": form, "page": None}
        return render(request, "creditors/assignments.html", context, status=400)
    cases = selectors.filter_cases(selectors.creditor_cases(creditor), form.cleaned_data)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "membership": membership,
        "creditor": creditor,
        "form": form,
        "page": page,
        "query": query.urlencode(),
    }
    return render(request, "creditors/assignments.html", context)


class _Echo:
    def write(self, value):
        return value


CSV_FIELDS = [
    "myropo_id",
    "invoice_number",
    "debtor",
    "stage",
    "status",
    "currency",
    "capital",
    "fees",
    "interest",
    "paid",
    "balance",
    "invoice_date",
    "due_date",
]


def _csv_rows(cases):
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_FIELDS)
    columns = [f for f in CSV_FIELDS if f != "debtor"]
    for row in cases.values_list(*columns, "debtor__name").iterator(chunk_size=2000):
        values = dict(zip([*columns, "debtor"], row, strict=True))
        yield writer.writerow([_cell(values[f]) for f in CSV_FIELDS])


def _cell(value):
    """Text that a spreadsheet would run as a formula is quoted (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@require_safe
@creditor_view
def assignments_csv(request: HttpRequest, membership) -> HttpResponse:
    """All matching cases as CSV, streamed (read in chunks; memory does not grow with rows)."""
    form = AssignmentFilter(request.GET)
    if not form.is_valid():
        return HttpResponse(_("The filters are not valid."), status=400, content_type="text/plain")
    cases = selectors.filter_cases(selectors.creditor_cases(membership.creditor), form.cleaned_data)
    response = StreamingHttpResponse(_csv_rows(cases), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="assignments.csv"'
    return response


@require_safe
@creditor_view
def case(request: HttpRequest, membership, myropo_id: str) -> HttpResponse:
    item = selectors.get_case(membership.creditor, myropo_id)
    return _case_page(request, membership, item, ReportEventForm())


def _case_page(request, membership, item, form, status=200) -> HttpResponse:
    context = {
        "membership": membership,
        "creditor": membership.creditor,
        "case": item,
        "timeline": selectors.case_timeline(item),
        "form": form,
    }
    return render(request, "creditors/case.html", context, status=status)


def manager_required(view):
    @wraps(view)
    def wrapped(request, membership, *args, **kwargs):
        if not membership.can_manage:
            return render(request, "creditors/managers_only.html", status=403)
        return view(request, membership, *args, **kwargs)

    return wrapped


@require_POST
@creditor_view
@manager_required
def report_event(request: HttpRequest, membership, myropo_id: str) -> HttpResponse:
    item = selectors.get_case(membership.creditor, myropo_id)
    form = ReportEventForm(request.POST)
    if form.is_valid():
        try:
            services.report_event(item, actor=request.user, **_event_args(form.cleaned_data))
        except services.CreditorActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Reported. It is on its way to the collection system."))
            return redirect("creditors:case", membership.creditor.public_id, item.myropo_id)
    return _case_page(request, membership, item, form, status=400)


def _event_args(data: dict) -> dict:
    return {"kind": data["type"], "amount": data["amount"], "booked_at": data["booked_at"]}


@require_http_methods(["GET", "POST"])
@creditor_view
@manager_required
def tokens(request: HttpRequest, membership) -> HttpResponse:
    creditor = membership.creditor
    form = TokenForm(request.POST or None)
    new_key = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _token, new_key = services.create_api_token(
                creditor, actor=request.user, **form.cleaned_data
            )
            form = TokenForm()
        else:
            status = 400
    context = {
        "membership": membership,
        "creditor": creditor,
        "form": form,
        "new_key": new_key,
        "tokens": creditor.api_tokens.select_related("created_by"),
    }
    return render(request, "creditors/tokens.html", context, status=status)


@require_POST
@creditor_view
@manager_required
def revoke_token(request: HttpRequest, membership, token_id) -> HttpResponse:
    token = get_object_or_404(membership.creditor.api_tokens, public_id=token_id)
    services.revoke_api_token(token, actor=request.user)
    messages.success(request, _("The token no longer works."))
    return redirect("creditors:tokens", membership.creditor.public_id)


# --- Transfers and the Maventa service ------------------------------------------------------


def _maventa_state(link):
    """(invoices by id, service link) read from Maventa now; (None, link) if unreachable."""
    try:
        link = maventa.refresh_service(link)
        return maventa.company_invoices(link), link
    except UpstreamError:
        return None, link


def _transfers_page(request, membership, *, form=None, upload=None, row_errors=(), status=200):
    creditor = membership.creditor
    link = MaventaLink.objects.filter(creditor=creditor).first()
    invoices = None
    if link is not None:
        invoices, link = _maventa_state(link)
    if invoices is not None and form is None:
        form = TransferForm(invoices=invoices)
    context = {
        "membership": membership,
        "creditor": creditor,
        "link": link,
        "maventa_down": link is not None and invoices is None,
        "form": form,
        "upload": upload or TransferUploadForm(),
        "activation": ActivationForm(),
        "row_errors": row_errors,
        "csv_columns": CSV_COLUMNS,
        "transfers": creditor.transfers.all()[:100],
        "closable": services.CLOSABLE,
    }
    return render(request, "creditors/transfers.html", context, status=status)


@require_safe
@creditor_view
def transfers(request: HttpRequest, membership) -> HttpResponse:
    return _transfers_page(request, membership)


def _invoices_or_none(creditor):
    link = MaventaLink.objects.filter(creditor=creditor).first()
    if link is None:
        raise Http404
    try:
        return maventa.company_invoices(link)
    except UpstreamError:
        return None


@require_POST
@creditor_view
@manager_required
def transfer(request: HttpRequest, membership) -> HttpResponse:
    invoices = _invoices_or_none(membership.creditor)
    if invoices is None:
        messages.error(request, _("Maventa cannot be reached just now. Please try again soon."))
        return redirect("creditors:transfers", membership.creditor.public_id)
    form = TransferForm(request.POST, invoices=invoices)
    if form.is_valid():
        try:
            services.request_transfers(
                membership.creditor, [form.transfer_input()], actor=request.user
            )
        except services.CreditorActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The transfer is on its way to Maventa."))
            return redirect("creditors:transfers", membership.creditor.public_id)
    return _transfers_page(request, membership, form=form, status=400)


@require_POST
@creditor_view
@manager_required
def transfer_upload(request: HttpRequest, membership) -> HttpResponse:
    upload = TransferUploadForm(request.POST, request.FILES)
    if not upload.is_valid():
        return _transfers_page(request, membership, upload=upload, status=400)
    invoices = _invoices_or_none(membership.creditor)
    if invoices is None:
        messages.error(request, _("Maventa cannot be reached just now. Please try again soon."))
        return redirect("creditors:transfers", membership.creditor.public_id)
    content = read_upload(upload.cleaned_data["file"])
    inputs, errors = read_csv(content, invoices=invoices)
    if not errors:
        try:
            done = services.request_transfers(membership.creditor, inputs, actor=request.user)
        except services.CreditorActionError as exc:
            errors = [RowError(0, "", str(exc.message))]
        else:
            messages.success(
                request,
                _("%(count)s transfers are on their way to Maventa.") % {"count": len(done)},
            )
            return redirect("creditors:transfers", membership.creditor.public_id)
    return _transfers_page(request, membership, upload=upload, row_errors=errors, status=400)


@require_POST
@creditor_view
@manager_required
def request_activation(request: HttpRequest, membership) -> HttpResponse:
    link = get_object_or_404(MaventaLink, creditor=membership.creditor)
    form = ActivationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid e-mail address."))
        return redirect("creditors:transfers", membership.creditor.public_id)
    try:
        services.request_service_activation(
            link, contact_email=form.cleaned_data["agreement_contact_email"], actor=request.user
        )
    except services.CreditorActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Activation requested. Maventa takes 1–2 business days."))
    return redirect("creditors:transfers", membership.creditor.public_id)


@require_http_methods(["GET", "HEAD", "POST"])
@creditor_view
@manager_required
def close_service(request: HttpRequest, membership) -> HttpResponse:
    """Close the Ropo service in Maventa, after the manager confirms what that means."""
    creditor = membership.creditor
    link = get_object_or_404(MaventaLink, creditor=creditor)
    form = CloseServiceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_service_closing(link, actor=request.user)
        except services.CreditorActionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Closing the service was sent to Maventa."))
        return redirect("creditors:transfers", creditor.public_id)
    context = {"membership": membership, "creditor": creditor, "link": link, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "creditors/close_service.html", context, status=status)
