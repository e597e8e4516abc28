"""Writes about people, their identities, roles and what a session may act for."""

import time

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts import audit
from accounts.identity import InvalidIdentity, canonical_hash, canonical_identity, identity_hash
from accounts.models import Identity
from accounts.security import log_event

COMPANIES_KEY = "represented_companies"
ACTING_FOR_KEY = "acting_for_company"
LETTER_GRANTS_KEY = "letter_grants"

CUSTOMER_SERVICE_GROUP = "Customer service"
CUSTOMER_SERVICE_APPS = ("invoices", "payments", "messaging", "creditors")


@transaction.atomic
def ensure_customer_service_group() -> Group:
    """Create (or refresh) the agents' group with every permission on the case apps, seeing
    and removing people's passkeys (accounts.admin.PasskeyAdmin), and seeing and settling the
    outbox's events (a payment whose delivery upstream is in doubt waits there for an agent),
    reading the audit trail and users, and seeing and ending authorizations (`delegation`)."""
    group, _ = Group.objects.get_or_create(name=CUSTOMER_SERVICE_GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=CUSTOMER_SERVICE_APPS)
        | Permission.objects.filter(
            content_type__app_label="mfa",
            codename__in=["view_authenticator", "delete_authenticator"],
        )
        | Permission.objects.filter(
            content_type__app_label="integrations",
            codename__in=["view_outboxevent", "change_outboxevent"],
        )
        | Permission.objects.filter(
            content_type__app_label="accounts",
            codename__in=[
                "view_auditentry",
                "view_delegationgrant",
                "change_delegationgrant",
                "view_user",
            ],
        )
    )
    return group


@transaction.atomic
def remove_passkey(authenticator, *, actor) -> None:
    """An agent removes a person's passkey (one they lost): audited, naming the agent."""
    wrapped = authenticator.wrap()
    audit.record(
        "passkey.removed",
        actor=actor,
        obj=authenticator.user,
        before={
            "passkey": wrapped.name,
            "created_at": authenticator.created_at,
            "last_used_at": authenticator.last_used_at,
        },
    )
    log_event("passkey.removed", None, user=authenticator.user_id, actor=actor.pk)
    authenticator.delete()


@transaction.atomic
def remove_bank_id_link(link, *, actor) -> None:
    """An administrator removes a bank-ID link (allauth social account): audited, naming them.
    The account's verified identity is left as it is."""
    audit.record(
        "bank_id_link.removed",
        actor=actor,
        obj=link.user,
        before={"provider": link.provider, "uid": link.uid},
    )
    log_event("bank_id_link.removed", None, user=link.user_id, actor=actor.pk)
    link.delete()


class IdentityConflict(Exception):
    """The strong identity is already linked to another user."""


@transaction.atomic
def link_strong_identity(user, *, country: str, code: str) -> Identity:
    """Bind `user` to a verified identity (encrypted, with its lookup hash).

    Raises `IdentityConflict` if another user already holds this identity or `user` is
    already bound to a different one (an identity is never replaced), and `InvalidIdentity`
    for a code that is not valid for the country.
    """
    canonical = canonical_identity(country, "person", code)
    digest = canonical_hash(country, "person", canonical)
    holder = Identity.objects.select_for_update().filter(identity_hash=digest).first()
    if holder and holder.user_id != user.pk:
        raise IdentityConflict
    current = Identity.objects.select_for_update().filter(user=user).first()
    if current and current.identity_hash != digest:
        raise IdentityConflict
    identity, created = Identity.objects.update_or_create(
        user=user,
        defaults={
            "country": country,
            "identity_code": canonical,
            "identity_hash": digest,
            "verified_at": timezone.now(),
        },
    )
    if created:
        audit.record("identity.linked", actor=user, obj=user, data={"country": country})
    return identity


def remember_language(user, language: str | None) -> None:
    """Keep the language the person last used, so what the portal sends them later (e-mails
    about their account, reminders) is in it. Unknown codes are ignored."""
    if not user.is_authenticated or language not in dict(settings.LANGUAGES):
        return
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def company_choices(request) -> list[dict]:
    """The companies the person may act for, as the bank told us in this session."""
    return request.session.get(COMPANIES_KEY, [])


def remember_represented_companies(request, companies: list[dict]) -> None:
    """Keep (only) this session's list of represented companies, with their lookup hashes."""
    kept = []
    for company in companies:
        try:
            digest = identity_hash(company["country"], "company", company["business_id"])
        except (KeyError, InvalidIdentity):
            continue
        kept.append(
            {"hash": digest, "country": company["country"], "name": company.get("name", "")}
        )
    request.session[COMPANIES_KEY] = kept
    request.session.pop(ACTING_FOR_KEY, None)


def act_for(request, company_hash: str | None) -> None:
    """Act for one represented company (or, with None, for oneself). Raises `PermissionDenied`."""
    if company_hash is None:
        request.session.pop(ACTING_FOR_KEY, None)
        return
    if company_hash not in {c["hash"] for c in company_choices(request)}:
        raise PermissionDenied
    request.session[ACTING_FOR_KEY] = company_hash
    log_event("company.chosen", request)


def grant_letter_access(request, invoice) -> None:
    """Let this browser session see one invoice for a short time."""
    grants = {
        key: until
        for key, until in request.session.get(LETTER_GRANTS_KEY, {}).items()
        if until > time.time()
    }
    grants[str(invoice.pk)] = time.time() + settings.LETTER_GRANT_SECONDS
    # A new privilege, a new session key: a key fixed or seen before the letter opens nothing.
    request.session.cycle_key()
    request.session[LETTER_GRANTS_KEY] = grants
    log_event("letter.granted", request)


def end_letter_access(request) -> None:
    """Forget every letter grant of this browser session (a login makes it someone's: what a
    letter opened for whoever held it is not theirs)."""
    request.session.pop(LETTER_GRANTS_KEY, None)
