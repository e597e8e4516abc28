"""The test bank's records: identities, their authentications, the signing key, the faults.

A sandbox Django user stands for one identity (country + personal identity code); every pass
through the test-bank page is an ``Authentication`` (assurance level, time) that is good for one
authorization: it is tied to the authorization code it produced and to the ID tokens issued for
that code, so the token endpoint and userinfo report the level chosen for that very login.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from oauth2_provider.settings import oauth2_settings


class Acr(models.TextChoices):
    """Assurance levels (eIDAS style). ``low`` exists so testers can see the portal refuse it."""

    SUBSTANTIAL = "substantial", "Substantial (bank ID)"
    HIGH = "high", "High (bank ID with a hardware token)"
    LOW = "low", "Low (not strong authentication)"


class IdentityCountry(models.TextChoices):
    FI = "FI", "Finland"
    SE = "SE", "Sweden"
    NO = "NO", "Norway"


class Identity(models.Model):
    """A person as the test bank knows them; one sandbox user each."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bank_identity"
    )
    country = models.CharField(max_length=2, choices=IdentityCountry.choices)
    identity_code = models.CharField(max_length=20, help_text="Canonical form, as seeded.")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["country", "identity_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "identity_code"], name="sandbox_idp_identity_unique"
            )
        ]
        verbose_name_plural = "identities"

    def __str__(self) -> str:
        return f"{self.name} ({self.country} {self.identity_code})"

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class Authentication(models.Model):
    """One pass through the test-bank page, good for one authorization."""

    identity = models.ForeignKey(Identity, on_delete=models.CASCADE, related_name="authentications")
    acr = models.CharField(max_length=20, choices=Acr.choices, default=Acr.SUBSTANTIAL)
    authenticated_at = models.DateTimeField(default=timezone.now)
    authorized_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was spent on an authorization code."
    )
    grant = models.OneToOneField(
        oauth2_settings.GRANT_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bank_authentication",
        help_text="The authorization code this login produced (gone once it is redeemed).",
    )
    id_tokens = models.ManyToManyField(
        oauth2_settings.ID_TOKEN_MODEL, blank=True, related_name="bank_authentications"
    )

    class Meta:
        ordering = ["-authenticated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.identity} at {self.authenticated_at:%Y-%m-%d %H:%M:%S} ({self.acr})"


class SigningKey(models.Model):
    """Singleton row: the provider's RSA key (PEM), generated on first use."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    private_key_pem = models.TextField()
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="sandbox_idp_key_singleton")]

    def __str__(self) -> str:
        return "test bank signing key"


class IdTokenFaults(models.Model):
    """Singleton row: tampering applied to every ID token issued until the faults are reset."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    audience = models.CharField(max_length=255, blank=True)
    issuer = models.CharField(max_length=255, blank=True)
    nonce = models.CharField(max_length=255, blank=True)
    acr = models.CharField(max_length=40, blank=True)
    expired = models.BooleanField(default=False)
    sign_with_other_key = models.BooleanField(default=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="sandbox_idp_faults_singleton")
        ]
        verbose_name_plural = "ID token faults"

    def __str__(self) -> str:
        return "test bank ID token faults"

    @classmethod
    def current(cls) -> IdTokenFaults:
        faults, _ = cls.objects.get_or_create(pk=1)
        return faults
