"""Reactions to allauth events."""

from allauth.account.internal.flows.login import record_authentication

from accounts import assurance


def record_first_second_factor(sender, request, user, authenticator, **kwargs) -> None:
    """A staff or creditor user who sets up their first second factor has just proved it
    (allauth checks the code or the passkey before saving it): this session counts as one
    that used it, so they go on to where they were going without entering a code again."""
    if request is None or not assurance.second_factor_required(user):
        return
    if authenticator.type not in ("totp", "webauthn"):
        return
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)


def refresh_agents_group(sender, app_config=None, using="default", **kwargs) -> None:
    """After `migrate` (Django sends this once per app, after creating its permissions): give
    the customer-service group the rights `ensure_customer_service_group` defines."""
    from django.apps import apps

    from accounts.services import ensure_customer_service_group

    last = list(apps.get_app_configs())[-1]
    if app_config is not None and app_config.label != last.label:
        return  # the last app's signal comes after every app's permissions exist
    if using != "default":
        return
    ensure_customer_service_group()
