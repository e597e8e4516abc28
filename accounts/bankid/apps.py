from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BankIDConfig(AppConfig):
    """allauth finds the bank-ID provider in this app's `provider` module."""

    name = "accounts.bankid"
    label = "bankid"
    verbose_name = _("Bank ID")
