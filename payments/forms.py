from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from invoices.money import AmountField

# SEPA countries (EEA, Switzerland, the UK, Monaco, San Marino, Andorra, Vatican, ...): Norway
# and Sweden included. https://www.europeanpaymentscouncil.eu/ (EPC409-09 list of countries).
SEPA_COUNTRIES = frozenset(
    {
        "AD",
        "AT",
        "BE",
        "BG",
        "CH",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GB",
        "GI",
        "GR",
        "HR",
        "HU",
        "IE",
        "IS",
        "IT",
        "LI",
        "LT",
        "LU",
        "LV",
        "MC",
        "MT",
        "NL",
        "NO",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
        "SM",
        "VA",
        "AX",
        "GF",
        "GP",
        "MQ",
        "YT",
        "RE",
        "PM",
        "BL",
        "MF",
        "GG",
        "JE",
        "IM",
    }
)


class PayForm(forms.Form):
    amount = AmountField(label=_("Amount to pay"), max_digits=12, min_value=Decimal("0.01"))
    attempt = forms.UUIDField(widget=forms.HiddenInput)


class RefundAccountForm(forms.Form):
    holder = forms.CharField(label=_("Account holder"), max_length=140)
    iban = forms.CharField(label=_("IBAN"), max_length=42)
    bic = forms.CharField(
        label=_("BIC"),
        max_length=11,
        required=False,
        help_text=_("Filled in from the IBAN when left empty."),
    )

    def clean_iban(self) -> str:
        try:
            iban = IBAN(self.cleaned_data["iban"])
        except SchwiftyException as exc:
            raise forms.ValidationError(_("This is not a valid IBAN.")) from exc
        if iban.country_code not in SEPA_COUNTRIES:
            raise forms.ValidationError(_("Refunds can be paid to SEPA accounts only."))
        return iban.compact

    def clean(self):
        cleaned = super().clean()
        iban = cleaned.get("iban")
        raw_bic = (cleaned.get("bic") or "").replace(" ", "").upper()
        if not iban:
            return cleaned
        if raw_bic:
            try:
                cleaned["bic"] = str(BIC(raw_bic))
            except SchwiftyException:
                self.add_error("bic", _("This is not a valid BIC."))
            return cleaned
        found = IBAN(iban).bic
        if found is None:
            self.add_error("bic", _("Please give the BIC of this account."))
        else:
            cleaned["bic"] = str(found)
        return cleaned


class PlanBuilderForm(forms.Form):
    """Build a plan from a number of instalments or from what one can pay a month."""

    HOW = [("count", _("A number of instalments")), ("monthly", _("What I can pay a month"))]
    how = forms.ChoiceField(
        label=_("How do you want to build the plan?"),
        choices=HOW,
        widget=forms.RadioSelect,
        initial="monthly",
    )
    count = forms.IntegerField(
        label=_("Number of instalments"), min_value=2, max_value=120, required=False
    )
    monthly = AmountField(
        label=_("I can pay a month"), min_value=Decimal("0.01"), max_digits=12, required=False
    )
    day_of_month = forms.TypedChoiceField(
        label=_("Day of the month (for example your payday)"),
        choices=[(str(n), str(n)) for n in range(1, 29)],
        coerce=int,
        initial="15",
    )

    def clean(self):
        data = super().clean()
        if data.get("how") == "count" and not data.get("count"):
            self.add_error("count", _("Give the number of instalments."))
        if data.get("how") == "monthly" and not data.get("monthly"):
            self.add_error("monthly", _("Give the amount you can pay a month."))
        return data


class AgreePlanForm(forms.Form):
    count = forms.IntegerField(min_value=2, max_value=120, widget=forms.HiddenInput)
    day_of_month = forms.IntegerField(min_value=1, max_value=28, widget=forms.HiddenInput)
    total = forms.DecimalField(max_digits=14, decimal_places=2, widget=forms.HiddenInput)
