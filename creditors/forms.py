"""Forms of the creditor pages; the filter and event forms also validate API input."""

import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from creditors.models import ApiToken
from creditors.transfers import MAX_CSV_BYTES
from invoices.models import InvoiceStatus, Stage
from invoices.money import AmountField, Currency


class DateField(forms.DateField):
    """The browser's date picker (which sends ISO dates); a date typed in the language's own
    way (3.12.2026 in Finnish) is read too, by the language's DATE_INPUT_FORMATS."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def currency_choices(currencies: list[str]) -> list[tuple[str, str]]:
    return [(code, Currency(code).label) for code in currencies]


class AssignmentFilter(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("any"))] + Stage.choices
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("any"))] + InvoiceStatus.choices
    )
    currency = forms.ChoiceField(
        label=_("Currency"), required=False, choices=[("", _("any"))] + Currency.choices
    )
    due_from = DateField(label=_("Due on or after"), required=False)
    due_to = DateField(label=_("Due on or before"), required=False)
    invoice_from = DateField(label=_("Invoiced on or after"), required=False)
    invoice_to = DateField(label=_("Invoiced on or before"), required=False)
    debtor_name = forms.CharField(label=_("Debtor name contains"), required=False, max_length=100)
    invoice_number = forms.CharField(label=_("Invoice number"), required=False, max_length=64)

    def __init__(self, *args, currencies: list[str] | None = None, **kwargs):
        """`currencies`: the creditor's own (`creditors.selectors.creditor_currencies`);
        None (the API) accepts any."""
        super().__init__(*args, **kwargs)
        if currencies is not None:
            self.fields["currency"].choices = [("", _("any")), *currency_choices(currencies)]

    def clean(self):
        data = super().clean()
        for low, high in (("due_from", "due_to"), ("invoice_from", "invoice_to")):
            if data.get(low) and data.get(high) and data[low] > data[high]:
                self.add_error(high, _("The end of the range is before its start."))
        return data


class PeriodForm(forms.Form):
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    start = DateField(label=_("Due from"))
    end = DateField(label=_("Due until"))

    MAX_DAYS = 3 * 366

    def __init__(self, *args, currencies: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if currencies is not None:
            self.fields["currency"].choices = currency_choices(currencies)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                self.add_error("end", _("The end of the range is before its start."))
            elif (end - start).days > self.MAX_DAYS:
                self.add_error("end", _("Choose a period of at most three years."))
        return data

    @classmethod
    def default(cls, currency: str) -> dict:
        today = timezone.localdate()
        return {"currency": currency, "start": today - datetime.timedelta(days=365), "end": today}


class ReportEventForm(forms.Form):
    type = forms.ChoiceField(
        label=_("What happened"),
        choices=[("paid", _("Direct payment")), ("credit_note", _("Credit note"))],
    )
    amount = AmountField(label=_("Amount"), min_value=Decimal("0.01"))
    booked_at = DateField(label=_("Booked on"))


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    scope = forms.ChoiceField(label=_("May"), choices=ApiToken.Scope.choices)


class TransferUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, comma-separated, with the columns shown below; at most 1000 rows."),
    )

    def clean_file(self):
        """Refused by its size before a byte of it is read."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload


class ActivationForm(forms.Form):
    agreement_contact_email = forms.EmailField(label=_("Agreement contact e-mail address"))


class CloseServiceForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand: Ropo carries on with the open assignments, and no new invoices can "
            "be transferred until the service is activated again."
        ),
        error_messages={"required": _("Tick the box to confirm that the service closes.")},
    )
