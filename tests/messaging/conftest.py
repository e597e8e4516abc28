import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def own_invoice(debtor):
    """An open invoice made out to the `debtor` persona."""
    from invoices.models import Invoice
    from invoices.services import apply_case_updates
    from tests.invoices import snapshots

    apply_case_updates([snapshots.case(701, person=0, description="Electricity, October")])
    return Invoice.objects.get(upstream_id="FI:701")


@pytest.fixture
def others_invoice(other_debtor):
    """An open invoice made out to `other_debtor`."""
    from invoices.models import Invoice
    from invoices.services import apply_case_updates
    from tests.invoices import snapshots

    apply_case_updates([snapshots.case(702, person=1, description="Water, October")])
    return Invoice.objects.get(upstream_id="FI:702")


@pytest.fixture
def helper(db):
    from tests.conftest import make_person

    return make_person("helper@example.com", "010190-002R")


def authorize(invoice, owner, person, **scopes):
    from accounts import delegation

    until = timezone.localdate() + datetime.timedelta(days=30)
    _, token = delegation.invite_delegate(
        invoice, granted_by=owner, email=person.email, valid_until=until, **scopes
    )
    return delegation.accept_invitation(token, user=person)


@pytest.fixture(autouse=True)
def _knowledge_base(db):
    """The knowledge base a data migration loads; browser tests (transactional) flush it away,
    so every messaging test makes sure it is there (loading is idempotent)."""
    from messaging.knowledge import seed_knowledge_base
    from messaging.models import KnowledgeEntry, KnowledgeSynonym, ReplyTemplate

    seed_knowledge_base(KnowledgeEntry, ReplyTemplate, KnowledgeSynonym)
