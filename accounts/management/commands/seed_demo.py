"""Demo data for `make run`: the customer-service agent account and its permissions.

Cases, debtors and creditors come from the sandbox (the collection systems) through sync.
Refuses to run in production.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from accounts.services import ensure_customer_service_group

AGENT_EMAIL = "agent@myropo.example"
AGENT_PASSWORD = "demo-agent-2026"  # noqa: S105 - a public demo login, refused in production


class Command(BaseCommand):
    help = "Create the demo customer-service agent (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo creates public demo logins; not in production.")
        group = ensure_customer_service_group()
        agent, created = User.objects.get_or_create(
            email=AGENT_EMAIL, defaults={"full_name": "Demo Agent", "is_staff": True}
        )
        if created:
            agent.set_password(AGENT_PASSWORD)
            agent.save(update_fields=["password"])
        agent.groups.add(group)
        self.stdout.write(f"Demo agent: {AGENT_EMAIL} ({'created' if created else 'exists'})")
        from messaging.knowledge import seed_knowledge_base
        from messaging.models import KnowledgeEntry, KnowledgeSynonym, ReplyTemplate

        made = seed_knowledge_base(KnowledgeEntry, ReplyTemplate, KnowledgeSynonym)
        self.stdout.write(f"Assistant knowledge base, synonyms and reply templates: {made} added")
