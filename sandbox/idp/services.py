"""Logging in at the test bank: the identity (and its sandbox user), then an authentication."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sandbox.engine.models import Debtor, DebtorKind
from sandbox.idp.identities import PersonCode, generated_name, split_name
from sandbox.idp.models import Authentication, Identity

SESSION_KEY = "sandbox_idp_authentication"
FRESH_FOR = timedelta(minutes=10)


def _names(person: PersonCode) -> tuple[str, str]:
    debtor = Debtor.objects.filter(
        kind=DebtorKind.PERSON, country=person.country, identity_code=person.identity_code
    ).first()
    return split_name(debtor.name) if debtor else generated_name(person)


@transaction.atomic
def identity_for(person: PersonCode) -> Identity:
    """The identity (created with its sandbox user on first use), names as seeded."""
    given_name, family_name = _names(person)
    user, _ = get_user_model().objects.get_or_create(
        username=person.username, defaults={"password": make_password(None)}
    )
    identity, _ = Identity.objects.update_or_create(
        user=user,
        defaults={
            "country": person.country,
            "identity_code": person.identity_code,
            "given_name": given_name,
            "family_name": family_name,
        },
    )
    return identity


def authenticate(identity: Identity, acr: str) -> Authentication:
    return Authentication.objects.create(identity=identity, acr=acr)


def current_authentication(request: HttpRequest) -> Authentication | None:
    """This session's unspent, fresh test-bank login, if any."""
    if not request.user.is_authenticated:
        return None
    pk = request.session.get(SESSION_KEY)
    if pk is None:
        return None
    return Authentication.objects.filter(
        pk=pk,
        identity__user=request.user,
        authorized_at__isnull=True,
        authenticated_at__gte=timezone.now() - FRESH_FOR,
    ).first()
