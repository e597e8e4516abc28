from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and access")

    def ready(self):
        from allauth.mfa.signals import authenticator_added

        from accounts.signals import record_first_second_factor

        authenticator_added.connect(record_first_second_factor, dispatch_uid="first_second_factor")
