import datetime
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from invoices import public_id
from invoices.disputes import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS
from invoices.models import Dispute, InvoiceStatus, ReportedPayment
from invoices.money import AmountField
from payments.references import (
    is_valid_bankgiro,
    is_valid_fi_reference,
    is_valid_rf_reference,
    rf_from_fi,
)


class ReportPaymentForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ReportedPayment.Kind.choices)
    amount = AmountField(label=_("amount"), min_value=Decimal("0.01"))
    paid_on = forms.DateField(label=_("paid on"), initial=datetime.date.today)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """At most `max_files` files of at most `max_bytes` each, counted and measured by their
    declared sizes before any is read (the service still proves what they are)."""

    def __init__(self, *args, max_files: int, max_bytes: int, **kwargs):
        self.max_files, self.max_bytes = max_files, max_bytes
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = [item for item in data if item] if isinstance(data, (list, tuple)) else [data]
        items = [item for item in items if item]
        if len(items) > self.max_files:
            raise forms.ValidationError(
                _("Attach at most %(count)d files.") % {"count": self.max_files}
            )
        for item in items:
            if getattr(item, "size", 0) > self.max_bytes:
                raise forms.ValidationError(
                    _("%(name)s is larger than 5 MB.") % {"name": str(item.name)[:80]}
                )
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class DisputeForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("What do you dispute?"),
        choices=Dispute.Scope.choices,
        widget=forms.RadioSelect,
        initial=Dispute.Scope.ALL,
    )
    amount = AmountField(
        label=_("Disputed amount, if only a part"), required=False, min_value=Decimal("0.01")
    )
    reason = forms.CharField(
        label=_("Why do you dispute the claim?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=10,
        max_length=2000,
        help_text=_("Collection is paused while customer service looks into your dispute."),
    )
    attachments = MultipleFileField(
        label=_("Attachments (PDF, PNG or JPEG, at most 3 files of 5 MB each)"),
        required=False,
        max_files=MAX_ATTACHMENTS,
        max_bytes=MAX_ATTACHMENT_BYTES,
    )

    def clean(self):
        data = super().clean()
        if data.get("scope") == Dispute.Scope.PART and data.get("amount") is None:
            self.add_error("amount", _("Give the amount you dispute."))
        return data


class InvoiceSearchForm(forms.Form):
    """Search one's own invoices (the queryset it narrows is already the visible ones)."""

    q = forms.CharField(
        label=_("Invoice number, reference, MyRopo ID or postal code"),
        required=False,
        max_length=64,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *InvoiceStatus.choices],
    )
    creditor = forms.ChoiceField(label=_("Creditor"), required=False)

    def __init__(self, *args, creditors: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["creditor"].choices = [("", _("Any creditor")), *creditors]

    def apply(self, invoices):
        data = self.cleaned_data
        if data["q"]:
            invoices = invoices.filter(_text_query(data["q"]))
        if data["status"]:
            invoices = invoices.filter(status=data["status"])
        if data["creditor"]:
            invoices = invoices.filter(creditor__public_id=data["creditor"])
        return invoices


def _text_query(typed: str) -> Q:
    text = typed.strip()
    compact = "".join(text.split())
    query = (
        Q(invoice_number__iexact=text)
        | Q(invoice_number__iexact=compact)
        | Q(reference__in=_reference_forms(compact))
        | Q(debtor__postal_code__iexact=compact)
        | Q(description__icontains=text)
    )
    if public_id.is_valid(compact):
        query |= Q(myropo_id=public_id.normalise(compact))
    return query


def _reference_forms(compact: str) -> set[str]:
    """Every way a typed reference may be stored: as typed (upper case, or without leading
    zeros) and, for a Finnish reference, its other form: the RF reference printed on the case
    page finds the invoice stored with its national reference, and the other way round."""
    upper = compact.upper()
    found = {upper, compact.lstrip("0")}
    if is_valid_rf_reference(upper):
        body = upper[4:]
        found |= {body, body.lstrip("0")}
    elif is_valid_fi_reference(compact):
        found.add(rf_from_fi(compact))
    return found


class ResolveDisputeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (Dispute.Status.UPHELD, Dispute.Status.UPHELD.label),
            (Dispute.Status.REJECTED, Dispute.Status.REJECTED.label),
        ],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Answer to the debtor"), widget=forms.Textarea(attrs={"rows": 6}), max_length=4000
    )


class PostponeForm(forms.Form):
    new_due_date = forms.TypedChoiceField(
        label=_("New due date"), coerce=datetime.date.fromisoformat, empty_value=None
    )

    def __init__(self, *args, dates: list[datetime.date], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_due_date"].choices = [
            (day.isoformat(), date_format(day, "DATE_FORMAT")) for day in dates
        ]


class DebtorIdentityForm(forms.Form):
    identity_code = forms.CharField(
        label=_("identity code"),
        max_length=32,
        help_text=_(
            "Stored encrypted. The invoices of this debtor go to the person it identifies."
        ),
    )


class BankAccountChangeForm(forms.Form):
    iban = forms.CharField(label=_("new IBAN"), max_length=42)
    bic = forms.CharField(label=_("new BIC"), max_length=11, required=False)
    bankgiro = forms.CharField(
        label=_("new Bankgiro number"),
        max_length=12,
        required=False,
        help_text=_("Swedish creditors only; leave empty for none."),
    )
    reason = forms.CharField(
        label=_("why"),
        max_length=300,
        help_text=_("For the agent who approves it, e.g. how the creditor told us."),
    )

    def clean_bankgiro(self) -> str:
        value = self.cleaned_data["bankgiro"]
        if value.strip() and not is_valid_bankgiro(value):
            raise forms.ValidationError(_("This is not a valid Bankgiro number."))
        return value
