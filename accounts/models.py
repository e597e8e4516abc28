import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.fields import EncryptedTextField


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in: debtor, delegate, creditor user or agent.

    Debtors are found by their strong identity (a later login path links it); the e-mail
    address is for return logins and notifications.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class AuditEntry(models.Model):
    """Append-only record of a state change: who, what, when, before and after.

    Written only through `accounts.audit.record`; never updated or deleted by the portal.
    """

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(_("who (label)"), max_length=100, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    data = models.JSONField(_("details"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class Identity(models.Model):
    """A user's strong identity (from bank ID), stored encrypted with a lookup hash."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="identity")
    country = models.CharField(_("country"), max_length=2)
    identity_code = EncryptedTextField(_("identity code"))
    identity_hash = models.CharField(max_length=64, unique=True, editable=False)
    verified_at = models.DateTimeField(_("last verified"), default=timezone.now)

    class Meta:
        verbose_name = _("strong identity")
        verbose_name_plural = _("strong identities")

    def __str__(self) -> str:
        return f"{self.user} ({self.country})"


class AttemptCounter(models.Model):
    """Failed attempts per key in a time window, for rate limits shared by all processes."""

    key = models.CharField(max_length=128, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_started = models.FloatField()
    locked_until = models.FloatField(default=0)

    def __str__(self) -> str:
        return self.key


class DelegationGrant(models.Model):
    """A debtor lets another person handle one invoice, within scopes and until a date.

    The invitation token is stored hashed; on acceptance the grant binds to the delegate's
    strong identity (not to the e-mail address the invitation went to).
    """

    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        ACTIVE = "active", _("active")
        REVOKED = "revoked", _("revoked")
        EXPIRED = "expired", _("expired")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invoice = models.ForeignKey(
        "invoices.Invoice",
        on_delete=models.CASCADE,
        related_name="grants",
        verbose_name=_("invoice"),
    )
    granted_by = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="grants_given", verbose_name=_("granted by")
    )
    invited_email = models.EmailField(_("invited e-mail address"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_expires_at = models.DateTimeField(_("invitation expires"))
    delegate = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grants_received",
        verbose_name=_("delegate"),
    )
    delegate_identity_hash = models.CharField(max_length=64, blank=True, editable=False)
    can_pay = models.BooleanField(_("may pay"), default=False)
    can_plan = models.BooleanField(_("may postpone and make plans"), default=False)
    can_message = models.BooleanField(_("may write to customer service"), default=False)
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("authorization")
        verbose_name_plural = _("authorizations")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["delegate_identity_hash", "valid_until"],
                condition=models.Q(status="active"),
                name="grant_active_delegate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invited_email} ({self.get_status_display()})"

    @property
    def scopes(self) -> set[str]:
        names = {"view"}
        names |= {"pay"} if self.can_pay else set()
        names |= {"plan"} if self.can_plan else set()
        names |= {"message"} if self.can_message else set()
        return names
