"""Re-encrypt every encrypted column with the primary key (the first FIELD_ENCRYPTION_KEYS entry).

Run after putting a new key first; remove the old key only after this reports zero left.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F, TextField
from django.db.models.functions import Cast

from accounts import crypto
from accounts.fields import EncryptedTextField

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt encrypted fields that use an old key with the primary key."

    def handle(self, *args, **options):
        primary = crypto.key_ring().primary_id
        total = 0
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, EncryptedTextField):
                    count = self._rotate(model, field, primary)
                    total += count
                    if count:
                        self.stdout.write(f"{model._meta.label}.{field.name}: {count} rotated")
        self.stdout.write(self.style.SUCCESS(f"{total} values re-encrypted with key {primary!r}."))

    def _rotate(self, model, field, primary: str) -> int:
        # Cast reads the raw stored text, bypassing from_db_value, so we can see each key id.
        raw_rows = (
            model._default_manager.exclude(**{f"{field.name}__isnull": True})
            .annotate(raw=Cast(F(field.attname), output_field=TextField()))
            .values_list("pk", "raw")
        )
        stale = [(pk, raw) for pk, raw in raw_rows.iterator() if crypto.key_id_of(raw) != primary]
        for start in range(0, len(stale), BATCH):
            with transaction.atomic():
                for pk, raw in stale[start : start + BATCH]:
                    plain = crypto.decrypt(raw, context=field.crypto_context)
                    model._default_manager.filter(pk=pk).update(**{field.attname: plain})
        return len(stale)
