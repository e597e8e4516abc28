"""Writes to the invoice replica. Sync, admin and commands call these."""

from django.db import transaction

from accounts.identity import canonical_identity, identity_hash
from invoices.models import DebtorParty


@transaction.atomic
def set_debtor_identity(debtor: DebtorParty, *, code: str) -> DebtorParty:
    """Store a debtor's identity code encrypted, with its lookup hash.

    Raises `accounts.identity.InvalidIdentity` for a code that is not valid for the
    debtor's country and kind.
    """
    debtor.identity_code = canonical_identity(debtor.country, debtor.kind, code)
    debtor.identity_hash = identity_hash(debtor.country, debtor.kind, code)
    debtor.save(update_fields=["identity_code", "identity_hash", "updated_at"])
    return debtor
