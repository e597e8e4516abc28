"""The case engine's parties: the clock, creditors (Ropo One + Maventa profile), debtors."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from sandbox.engine.clock import sandbox_now


class Country(models.TextChoices):
    FI = "FI", "Finland"
    SE = "SE", "Sweden"
    NO = "NO", "Norway"


class Currency(models.TextChoices):
    EUR = "EUR", "Euro"
    SEK = "SEK", "Swedish krona"
    NOK = "NOK", "Norwegian krone"


class Language(models.TextChoices):
    EN = "en", "English"
    FI = "fi", "Suomi"
    SV = "sv", "Svenska"
    NB = "nb", "Norsk bokmål"


class Clock(models.Model):
    """Singleton row: how many days the sandbox runs ahead of real time."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    offset_days = models.IntegerField(default=0)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="sandbox_clock_singleton")]

    def __str__(self) -> str:
        return f"sandbox clock (+{self.offset_days} days)"

    @classmethod
    def current(cls) -> Clock:
        clock, _ = cls.objects.get_or_create(pk=1)
        return clock


class ReceivablesService(models.TextChoices):
    """Maventa ``/v2/services/ropo/receivables`` activation state."""

    INACTIVE = "inactive", "Not activated"
    PENDING = "pending", "Agreement wizard sent"
    KYC_PENDING = "kyc_pending", "Waiting for KYC verification"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class Creditor(models.Model):
    """A company that hands its receivables to Ropo (Ropo One profile + Maventa company)."""

    key = models.SlugField(max_length=50, unique=True, help_text="Stable seed key.")
    name = models.CharField(max_length=200)
    industry = models.CharField(max_length=40, blank=True)
    country = models.CharField(max_length=2, choices=Country.choices)
    currency = models.CharField(max_length=3, choices=Currency.choices)
    business_id = models.CharField(max_length=20)
    # Ropo One credentials (one profile per country environment).
    cid = models.CharField(max_length=40, unique=True)
    apicode = models.CharField(max_length=80)
    # Maventa credentials (OAuth2 client credentials) and the Ropo receivables service.
    maventa_company_uuid = models.UUIDField(unique=True)
    maventa_api_key = models.CharField(max_length=80)
    maventa_vendor_key = models.CharField(max_length=80)
    receivables_service = models.CharField(
        max_length=20, choices=ReceivablesService.choices, default=ReceivablesService.INACTIVE
    )
    agreement_contact_email = models.EmailField(blank=True)
    receivables_activated_at = models.DateTimeField(null=True, blank=True)
    agreement_requested_at = models.DateTimeField(
        null=True, blank=True, help_text="Sandbox time of the last PUT (activation request)."
    )
    # Settlement account.
    iban = models.CharField(max_length=34)
    bic = models.CharField(max_length=11)
    allows_legal_collection = models.BooleanField(default=False)
    created = models.DateTimeField(default=sandbox_now)

    class Meta:
        ordering = ["country", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "business_id"], name="sandbox_creditor_business_id_unique"
            ),
            models.CheckConstraint(
                condition=Q(country="FI", currency="EUR")
                | Q(country="SE", currency="SEK")
                | Q(country="NO", currency="NOK"),
                name="sandbox_creditor_currency_of_country",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


class DebtorKind(models.TextChoices):
    PERSON = "person", "Person"
    COMPANY = "company", "Company"


class Debtor(models.Model):
    """An end customer: a person (personal identity code) or a company (business id)."""

    kind = models.CharField(max_length=10, choices=DebtorKind.choices)
    name = models.CharField(max_length=200)
    identity_code = models.CharField(
        max_length=20, help_text="Person: hetu/personnummer/fødselsnummer; company: business id."
    )
    country = models.CharField(max_length=2, choices=Country.choices)
    address = models.CharField(max_length=200)
    postcode = models.CharField(max_length=10)
    city = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.EN)
    representatives = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="represented_companies",
        limit_choices_to={"kind": DebtorKind.PERSON},
        help_text="People who may act for this company (the IdP lists them in a claim).",
    )
    created = models.DateTimeField(default=sandbox_now)

    class Meta:
        ordering = ["country", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "identity_code"], name="sandbox_debtor_identity_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=DebtorKind.values), name="sandbox_debtor_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country} {self.identity_code})"

    @property
    def customertype(self) -> int:
        """Ropo One ``customertype``: 1 = company, 2 = private person."""
        return 1 if self.kind == DebtorKind.COMPANY else 2
