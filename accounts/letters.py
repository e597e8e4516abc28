"""Opening one invoice with the MyRopo ID printed on a letter, plus a second fact."""

from accounts import ratelimit
from accounts.security import client_key, log_event
from invoices.models import Invoice

# Five wrong tries at one letter from one client lock that client out of that letter; thirty
# at any letters lock the client out of all of them. Nobody's failures lock the holder, who
# tries from their own address (docs/security.md).
PER_ID = ratelimit.Rule(failures=5, window=15 * 60, lockout=15 * 60)
PER_CLIENT = ratelimit.Rule(failures=30, window=15 * 60, lockout=15 * 60)


class Locked(Exception):
    """Too many failures by this client, for this MyRopo ID or in all: try later."""


def _compact(value: str) -> str:
    return "".join(value.split()).upper().lstrip("0")


def _matches(invoice: Invoice, second_fact: str) -> bool:
    fact = _compact(second_fact)
    return bool(fact) and fact in (
        _compact(invoice.debtor.postal_code),
        _compact(invoice.reference),
    )


def find_by_letter(request, *, myropo_id: str, second_fact: str) -> Invoice | None:
    """The invoice, or None (the same for every kind of failure). Raises `Locked`."""
    address = client_key(request)
    id_key, client = f"letter:id:{address}:{myropo_id}", f"letter:client:{address}"
    if ratelimit.is_locked(id_key) or ratelimit.is_locked(client):
        log_event("letter.locked", request)
        raise Locked
    invoice = Invoice.objects.select_related("debtor").filter(myropo_id=myropo_id).first()
    if invoice is not None and _matches(invoice, second_fact):
        return invoice
    locked_id = ratelimit.record_failure(id_key, PER_ID)
    locked_client = ratelimit.record_failure(client, PER_CLIENT)
    log_event("letter.failed", request, locked=locked_id or locked_client)
    return None
