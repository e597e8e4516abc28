"""Reads for the agent's person view: finding a person and everything of theirs on one page.

A person is a debtor of the replica (`DebtorParty`); the user who logs in as them is the one
whose strong identity has the same lookup hash. Identity codes are found only through that
keyed hash (exact match), never by comparing text. Every list is one query, whatever its size.
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from accounts.identity import COMPANY, PERSON, InvalidIdentity, identity_hash
from accounts.models import AuditEntry, DelegationGrant, Identity, User
from invoices import public_id
from invoices.forms import _reference_forms
from invoices.models import Country, DebtorParty, Dispute, Invoice, Postponement, ReportedPayment
from messaging.models import Thread
from payments.models import Payment, PaymentPlan, RefundAccount

MAX_RESULTS = 50
MAX_AUDIT_ENTRIES = 100


def _identity_hashes(typed: str) -> set[str]:
    """The lookup hash of the typed code under every scheme it is valid for."""
    hashes = set()
    for country in Country.values:
        for kind in (PERSON, COMPANY):
            try:
                hashes.add(identity_hash(country, kind, typed))
            except InvalidIdentity:
                continue
    return hashes


def find_people(typed: str) -> QuerySet[DebtorParty]:
    """Debtors matching a name, identity code (exact), e-mail, MyRopo ID (with or without
    dashes), invoice number or payment reference (with spaces, national or RF form)."""
    text = typed.strip()
    if not text:
        return DebtorParty.objects.none()
    compact = "".join(text.split())
    hashes = _identity_hashes(compact)
    users = User.objects.filter(Q(email__iexact=text) | Q(full_name__icontains=text))
    query = (
        Q(name__icontains=text)
        | Q(email__iexact=text)
        | Q(invoices__invoice_number__iexact=compact)
        | Q(invoices__reference__in=_reference_forms(compact))
        | Q(
            kind=DebtorParty.Kind.PERSON,
            identity_hash__in=Identity.objects.filter(user__in=users).values("identity_hash"),
        )
    )
    if hashes:
        query |= Q(identity_hash__in=hashes)
    if public_id.is_valid(compact):
        query |= Q(invoices__myropo_id=public_id.normalise(compact))
    matching = DebtorParty.objects.filter(query).values("pk")
    return DebtorParty.objects.filter(pk__in=matching).order_by("name", "pk")[:MAX_RESULTS]


def linked_user(debtor: DebtorParty) -> User | None:
    """The user who logs in as this person (same strong identity), if any."""
    if debtor.kind != DebtorParty.Kind.PERSON or not debtor.identity_hash:
        return None
    identity = (
        Identity.objects.select_related("user").filter(identity_hash=debtor.identity_hash).first()
    )
    return identity.user if identity else None


@dataclass
class PersonOverview:
    debtor: DebtorParty
    user: User | None
    invoices: list = field(default_factory=list)
    gateway_payments: list = field(default_factory=list)
    reported_payments: list = field(default_factory=list)
    plans: list = field(default_factory=list)
    postponements: list = field(default_factory=list)
    disputes: list = field(default_factory=list)
    grants_given: list = field(default_factory=list)
    grants_received: list = field(default_factory=list)
    threads: list = field(default_factory=list)
    refund_account: RefundAccount | None = None
    audit_entries: list = field(default_factory=list)


def person_overview(debtor: DebtorParty) -> PersonOverview:
    """Everything of one person, for an agent: a fixed number of queries."""
    user = linked_user(debtor)
    invoices = list(
        Invoice.objects.filter(debtor=debtor).select_related("creditor").order_by("-due_date")
    )
    ids = [invoice.pk for invoice in invoices]
    of_cases = {"invoice_id__in": ids}
    overview = PersonOverview(
        debtor=debtor,
        user=user,
        invoices=invoices,
        gateway_payments=list(
            Payment.objects.filter(**of_cases).select_related("invoice").order_by("-created_at")
        ),
        reported_payments=list(
            ReportedPayment.objects.filter(**of_cases)
            .select_related("invoice")
            .order_by("-created_at")
        ),
        plans=list(PaymentPlan.objects.filter(**of_cases).select_related("invoice")),
        postponements=list(Postponement.objects.filter(**of_cases).select_related("invoice")),
        disputes=list(
            Dispute.objects.filter(**of_cases).select_related("invoice").order_by("-created_at")
        ),
    )
    given = Q(invoice_id__in=ids)
    threads = Q(invoice_id__in=ids)
    if user is not None:
        given |= Q(granted_by=user)
        threads |= Q(owner=user)
        overview.grants_received = list(
            DelegationGrant.objects.filter(
                Q(delegate=user) | Q(delegate_identity_hash=debtor.identity_hash)
            ).select_related("invoice")
        )
        overview.refund_account = RefundAccount.objects.filter(user=user).first()
    overview.grants_given = list(DelegationGrant.objects.filter(given).select_related("invoice"))
    overview.threads = list(Thread.objects.filter(threads).select_related("invoice", "owner"))
    overview.audit_entries = list(_audit_entries(overview))
    return overview


def _audit_entries(overview: PersonOverview) -> QuerySet[AuditEntry]:
    """The newest entries about the person, their cases and what hangs on them, or by them."""
    object_ids = {str(overview.debtor.public_id)}
    object_ids |= {invoice.myropo_id for invoice in overview.invoices}
    for rows in (
        overview.gateway_payments,
        overview.reported_payments,
        overview.plans,
        overview.postponements,
        overview.disputes,
        overview.grants_given,
        overview.grants_received,
        overview.threads,
    ):
        object_ids |= {str(row.public_id) for row in rows}
    query = Q(object_id__in=object_ids)
    if overview.user is not None:
        query |= Q(actor=overview.user) | Q(object_type="accounts.user", object_id=overview.user.pk)
    return AuditEntry.objects.filter(query).order_by("-created_at", "-id")[:MAX_AUDIT_ENTRIES]
