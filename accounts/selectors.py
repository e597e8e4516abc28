"""The access selector: the one place that decides which invoices a request may see.

Every view that shows an invoice (or anything of one: letters, PDFs, messages) starts from
`visible_invoices(request)` or `get_visible_invoice(request, myropo_id)`. Sources of access:
the person's own strong identity (at `strong` or `code` assurance), the company they chose to
act for (bank-ID session only), delegation grants to the person's identity (active, within
their dates: checked on every request) and letter grants (one invoice, short-lived).
`invoice_permissions` says what the request may do with one visible invoice.
"""

import time

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from accounts import assurance
from accounts.models import DelegationGrant
from accounts.services import ACTING_FOR_KEY, LETTER_GRANTS_KEY, company_choices
from invoices.models import DebtorParty, Invoice

NOTHING = Q(pk__in=[])


def _identity_q(request: HttpRequest) -> Q:
    if assurance.level(request) not in (assurance.STRONG, assurance.CODE):
        return NOTHING
    acting_for = request.session.get(ACTING_FOR_KEY)
    if acting_for:
        if acting_for not in {c["hash"] for c in company_choices(request)}:
            return NOTHING
        return Q(debtor__kind=DebtorParty.Kind.COMPANY, debtor__identity_hash=acting_for)
    identity = getattr(request.user, "identity", None)
    if identity is None:
        return NOTHING
    return Q(debtor__kind=DebtorParty.Kind.PERSON, debtor__identity_hash=identity.identity_hash)


def acting_company(request: HttpRequest) -> dict | None:
    """The company this session acts for (`{"hash", "country", "name"}`), or None for oneself."""
    acting_for = request.session.get(ACTING_FOR_KEY) if hasattr(request, "session") else None
    if not acting_for:
        return None
    return next((c for c in company_choices(request) if c["hash"] == acting_for), None)


def acting_for(request: HttpRequest) -> dict:
    """Template context: `acting_company`, so every page can name whom it shows."""
    return {"acting_company": acting_company(request)}


OWNER = frozenset({"view", "pay", "plan", "message", "dispute", "authorize"})
LETTER = frozenset({"view", "pay"})


def _active_grants(request: HttpRequest):
    if assurance.level(request) not in (assurance.STRONG, assurance.CODE):
        return DelegationGrant.objects.none()
    identity = getattr(request.user, "identity", None)
    if identity is None or request.session.get(ACTING_FOR_KEY):
        return DelegationGrant.objects.none()
    return DelegationGrant.objects.filter(
        status=DelegationGrant.Status.ACTIVE,
        delegate_identity_hash=identity.identity_hash,
        valid_until__gte=timezone.localdate(),
    )


def letter_grant_ids(request: HttpRequest) -> list[int]:
    now = time.time()
    grants = request.session.get(LETTER_GRANTS_KEY, {})
    return [int(pk) for pk, until in grants.items() if until > now]


def visible_invoices(request: HttpRequest) -> QuerySet[Invoice]:
    condition = _identity_q(request) | Q(pk__in=_active_grants(request).values("invoice_id"))
    granted = letter_grant_ids(request)
    if granted:
        condition |= Q(pk__in=granted)
    return Invoice.objects.filter(condition).select_related("creditor", "debtor")


def owned_invoices(request: HttpRequest) -> QuerySet[Invoice]:
    """The invoices this request owes itself (the person's, or the company's it acts for):
    what totals and the balance certificate count. Never an invoice seen through a grant or a
    letter, which is someone else's debt."""
    return Invoice.objects.filter(_identity_q(request)).select_related("creditor", "debtor")


def get_visible_invoice(request: HttpRequest, myropo_id: str, *, prepare=None) -> Invoice:
    """The invoice if this request may see it; 404 otherwise (never 403: no hint it exists).

    `prepare` may add annotations to the queryset (e.g. what is due now).
    """
    invoices = visible_invoices(request).filter(myropo_id=myropo_id.upper())
    invoice = (prepare(invoices) if prepare else invoices).first()
    if invoice is None:
        raise Http404
    return invoice


def messageable_invoices(request: HttpRequest) -> QuerySet[Invoice]:
    """The visible invoices whose messages this request may read and write: its own (and its
    company's), and those a grant with the message scope covers; never a letter holder's."""
    granted = _active_grants(request).filter(can_message=True).values("invoice_id")
    return visible_invoices(request).filter(_identity_q(request) | Q(pk__in=granted))


def delegation_for(request: HttpRequest, invoice: Invoice) -> DelegationGrant | None:
    """The grant through which this request sees `invoice`, if it is not the person's own."""
    if _owns(request, invoice):
        return None
    return _active_grants(request).filter(invoice=invoice).select_related("granted_by").first()


def _owns(request: HttpRequest, invoice: Invoice) -> bool:
    return Invoice.objects.filter(_identity_q(request), pk=invoice.pk).exists()


def invoice_permissions(request: HttpRequest, invoice: Invoice) -> frozenset[str]:
    """What this request may do with a visible invoice: its own, a delegate's, a letter's.

    Answered once per request and invoice (the page and its sections all ask)."""
    known = request.__dict__.setdefault("_invoice_permissions", {})
    if invoice.pk not in known:
        known[invoice.pk] = _permissions(request, invoice)
    return known[invoice.pk]


def _permissions(request: HttpRequest, invoice: Invoice) -> frozenset[str]:
    if _owns(request, invoice):
        return OWNER
    grant = _active_grants(request).filter(invoice=invoice).first()
    if grant is not None:
        return frozenset(grant.scopes)
    if invoice.pk in letter_grant_ids(request):
        return LETTER
    return frozenset()
