"""The access selector: the one place that decides which invoices a request may see.

Every view that shows an invoice (or anything of one: letters, PDFs, messages) starts from
`visible_invoices(request)` or `get_visible_invoice(request, myropo_id)`. Sources of access:
the person's own strong identity (at `strong` or `code` assurance), the company they chose to
act for (bank-ID session only), and letter grants (one invoice, short-lived).
"""

import time

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from accounts import assurance
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


def letter_grant_ids(request: HttpRequest) -> list[int]:
    now = time.time()
    grants = request.session.get(LETTER_GRANTS_KEY, {})
    return [int(pk) for pk, until in grants.items() if until > now]


def visible_invoices(request: HttpRequest) -> QuerySet[Invoice]:
    condition = _identity_q(request)
    granted = letter_grant_ids(request)
    if granted:
        condition |= Q(pk__in=granted)
    return Invoice.objects.filter(condition).select_related("creditor", "debtor")


def get_visible_invoice(request: HttpRequest, myropo_id: str) -> Invoice:
    """The invoice if this request may see it; 404 otherwise (never 403: no hint it exists)."""
    invoice = visible_invoices(request).filter(myropo_id=myropo_id.upper()).first()
    if invoice is None:
        raise Http404
    return invoice
