"""Where a creditor's debtors pay: agents change it only with a second agent's approval.

The creditor's IBAN, BIC and (Sweden) Bankgiro number feed every debtor's payment details,
virtual barcode and QR code (`invoices.payment_details`), so a change is a pending
`BankAccountChange` until a different agent approves it. Each step is one transaction and
audits itself, naming the agent.
Sync still writes the account Ropo One sends (`invoices.sync`): upstream remains the record.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from accounts import audit
from invoices.errors import InvoiceActionError
from invoices.models import BankAccountChange, Creditor
from payments.references import is_valid_bankgiro

Status = BankAccountChange.Status


def clean_account(iban: str, bic: str) -> tuple[str, str]:
    """The IBAN and BIC in compact form; raises `InvoiceActionError` for an invalid one."""
    try:
        account = IBAN(iban)
    except SchwiftyException as exc:
        raise InvoiceActionError(_("This is not a valid IBAN.")) from exc
    try:
        code = str(BIC(bic)) if bic.strip() else ""
    except SchwiftyException as exc:
        raise InvoiceActionError(_("This is not a valid BIC.")) from exc
    return account.compact, code


def clean_bankgiro(bankgiro: str) -> str:
    """The Bankgiro number as digits ("" for none); raises `InvoiceActionError` if invalid."""
    digits = "".join(bankgiro.replace("-", "").split())
    if digits and not is_valid_bankgiro(digits):
        raise InvoiceActionError(_("This is not a valid Bankgiro number."))
    return digits


@transaction.atomic
def propose_bank_account_change(
    creditor: Creditor, *, iban: str, bic: str, reason: str, actor, bankgiro: str = ""
) -> BankAccountChange:
    """Record a pending change of `creditor`'s account; debtors keep seeing the current one.

    Raises `InvoiceActionError` for an invalid account, the account already in use, or a
    proposal already waiting for this creditor.
    """
    creditor = Creditor.objects.select_for_update().get(pk=creditor.pk)
    iban, bic = clean_account(iban, bic)
    bankgiro = clean_bankgiro(bankgiro)
    if (iban, bic, bankgiro) == (creditor.iban.replace(" ", ""), creditor.bic, creditor.bankgiro):
        raise InvoiceActionError(_("This is the account the creditor already has."))
    try:
        with transaction.atomic():
            change = BankAccountChange.objects.create(
                creditor=creditor,
                old_iban=creditor.iban,
                old_bic=creditor.bic,
                old_bankgiro=creditor.bankgiro,
                iban=iban,
                bic=bic,
                bankgiro=bankgiro,
                reason=reason.strip()[:300],
                proposed_by=actor,
            )
    except IntegrityError as exc:
        raise InvoiceActionError(
            _("A change of this creditor's account is already waiting for approval.")
        ) from exc
    audit.record(
        "creditor.bank_account_proposed",
        actor=actor,
        obj=creditor,
        before=_account(change.old_iban, change.old_bic, change.old_bankgiro),
        after=_account(iban, bic, bankgiro),
        data={"change": change.public_id, "reason": change.reason},
    )
    return change


@transaction.atomic
def approve_bank_account_change(change: BankAccountChange, *, actor) -> BankAccountChange:
    """A second agent approves: the creditor's account becomes the proposed one at once.

    Raises `InvoiceActionError` if `actor` proposed it, it was already decided, or the
    creditor's account is no longer the one it would replace.
    """
    change = _lock_for_decision(change, actor=actor)
    creditor = Creditor.objects.select_for_update().get(pk=change.creditor_id)
    before = _account(creditor.iban, creditor.bic, creditor.bankgiro)
    if before != _account(change.old_iban, change.old_bic, change.old_bankgiro):
        # Sync brought another account since the proposal: it was judged against a stale one.
        raise InvoiceActionError(
            _(
                "The creditor's account has changed since this was proposed: reject it and "
                "propose again."
            )
        )
    creditor.iban, creditor.bic, creditor.bankgiro = change.iban, change.bic, change.bankgiro
    creditor.save(update_fields=["iban", "bic", "bankgiro", "updated_at"])
    _decide(change, Status.APPROVED, actor=actor)
    audit.record(
        "creditor.bank_account_changed",
        actor=actor,
        obj=creditor,
        before=before,
        after=_account(change.iban, change.bic, change.bankgiro),
        data={"change": change.public_id, "proposed_by": change.proposed_by.email},
    )
    return change


@transaction.atomic
def reject_bank_account_change(change: BankAccountChange, *, actor) -> BankAccountChange:
    """A second agent rejects: nothing changes for debtors. Same refusals as approving."""
    change = _lock_for_decision(change, actor=actor)
    _decide(change, Status.REJECTED, actor=actor)
    audit.record(
        "creditor.bank_account_rejected",
        actor=actor,
        obj=change.creditor,
        before=_account(change.old_iban, change.old_bic, change.old_bankgiro),
        after=_account(change.iban, change.bic, change.bankgiro),
        data={"change": change.public_id, "proposed_by": change.proposed_by.email},
    )
    return change


def _lock_for_decision(change: BankAccountChange, *, actor) -> BankAccountChange:
    change = (
        BankAccountChange.objects.select_for_update(of=("self",))
        .select_related("creditor", "proposed_by")
        .get(pk=change.pk)
    )
    if change.status != Status.PENDING:
        raise InvoiceActionError(_("This change has already been decided."))
    if change.proposed_by_id == actor.pk:
        raise InvoiceActionError(
            _("You proposed this change: another agent must approve or reject it.")
        )
    return change


def _decide(change: BankAccountChange, status: str, *, actor) -> None:
    change.status, change.decided_by, change.decided_at = status, actor, timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])


def _account(iban: str, bic: str, bankgiro: str) -> dict:
    return {"iban": iban, "bic": bic, "bankgiro": bankgiro}
