from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import assurance, delegation, letters, services
from accounts.forms import ChooseCompanyForm, LetterAccessForm
from accounts.models import DelegationGrant


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice for a logged-in person."""
    response = i18n.set_language(request)
    services.remember_language(request.user, request.POST.get("language"))
    return response


def safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


@require_http_methods(["GET", "POST"])
def letter_access(request: HttpRequest) -> HttpResponse:
    form = LetterAccessForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                invoice = letters.find_by_letter(
                    request,
                    myropo_id=form.cleaned_data["myropo_id"],
                    second_fact=form.cleaned_data["postal_code_or_reference"],
                )
            except letters.Locked:
                form.add_error(None, _("Too many attempts. Please try again in 15 minutes."))
                status = 429
            else:
                if invoice is not None:
                    services.grant_letter_access(request, invoice)
                    return redirect("invoices:detail", myropo_id=invoice.myropo_id)
                form.add_error(
                    None,
                    _("We could not open an invoice with these details. Check them and try again."),
                )
    return render(request, "accounts/letter_access.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def choose_company(request: HttpRequest) -> HttpResponse:
    companies = services.company_choices(request)
    if not companies or assurance.level(request) != assurance.STRONG:
        return redirect("invoices:home")
    form = ChooseCompanyForm(
        request.POST or None,
        companies=companies,
        person_label=_("Myself (%(name)s)") % {"name": request.user.get_full_name()},
    )
    if request.method == "POST" and form.is_valid():
        services.act_for(request, form.cleaned_data["company"] or None)
        return redirect("invoices:home")
    current = request.session.get(services.ACTING_FOR_KEY, "")
    return render(
        request,
        "accounts/choose_company.html",
        {"form": form, "current": current},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def admin_login(request: HttpRequest) -> HttpResponse:
    """`/admin/login/`: staff log in through allauth (its rate limits, their second factor);
    Django admin's own login form never authenticates anyone."""
    target = reverse("account_login")
    next_url = safe_next(request, "")
    if next_url:
        target = f"{target}?{urlencode({'next': next_url})}"
    return redirect(target)


def step_up_redirect(request: HttpRequest) -> HttpResponse:
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse('accounts:step_up')}?{query}")


@login_required
@require_safe
def step_up(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, reverse("accounts:security"))
    return render(request, "accounts/step_up.html", {"next": next_url})


@login_required
@require_safe
def security(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/security.html",
        {
            "assurance": assurance.level(request),
            "identity": getattr(request.user, "identity", None),
        },
    )


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    grant = delegation.find_invitation(token)
    if grant is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    strong = assurance.level(request) == assurance.STRONG
    if request.method == "POST" and strong:
        try:
            delegation.accept_invitation(token, user=request.user)
        except delegation.GrantError as exc:
            return render(
                request,
                "accounts/invitation.html",
                {"grant": grant, "error": exc.message},
                status=400,
            )
        messages.success(request, _("You can now handle the invoice."))
        return redirect("invoices:detail", myropo_id=grant.invoice.myropo_id)
    return render(
        request,
        "accounts/invitation.html",
        {"grant": grant, "strong": strong, "next": request.get_full_path()},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_safe
def access(request: HttpRequest) -> HttpResponse:
    given = DelegationGrant.objects.filter(granted_by=request.user).select_related(
        "invoice__creditor"
    )
    received = DelegationGrant.objects.filter(delegate=request.user).select_related(
        "invoice__creditor", "granted_by"
    )
    return render(request, "accounts/access.html", {"given": given, "received": received})
