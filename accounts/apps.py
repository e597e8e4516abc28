from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and access")

    def ready(self):
        from allauth.mfa.signals import authenticator_added
        from django.db.models.signals import post_migrate

        from accounts.signals import record_first_second_factor, refresh_agents_group

        authenticator_added.connect(record_first_second_factor, dispatch_uid="first_second_factor")
        # Every migrate brings the agents' group up to the rights the code gives it (a new
        # model's permissions, a right added in a release), not only `seed_demo`.
        post_migrate.connect(refresh_agents_group, dispatch_uid="refresh_agents_group")
