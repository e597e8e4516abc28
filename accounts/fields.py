"""`EncryptedTextField`: a text column stored encrypted (see `accounts.crypto`)."""

from django.db import models

from accounts import crypto


class EncryptedTextField(models.TextField):
    """Encrypted at rest, decrypted on load; fails closed on a wrong key.

    Only `isnull` lookups make sense on ciphertext; exact matches go through a separate
    blind-index column (`accounts.crypto.blind_index`).
    """

    description = "Text encrypted with AES-256-GCM"

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        self.crypto_context = f"{cls._meta.app_label}.{cls._meta.model_name}.{name}"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return None
        return crypto.encrypt(str(value), context=self.crypto_context)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return crypto.decrypt(value, context=self.crypto_context)

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)
