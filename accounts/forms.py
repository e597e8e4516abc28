from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.mfa.webauthn.forms import AddWebAuthnForm, EditWebAuthnForm
from django import forms
from django.utils.translation import gettext_lazy as _

from invoices.public_id import is_valid, normalise


class LetterAccessForm(forms.Form):
    myropo_id = forms.CharField(
        label=_("MyRopo ID"),
        max_length=20,
        help_text=_("Printed on your letter, for example ABCDE-FGHJK-M."),
    )
    postal_code_or_reference = forms.CharField(
        label=_("Postal code or reference number"),
        max_length=40,
        help_text=_("The postal code of the address on the letter, or the reference number."),
    )

    def clean_myropo_id(self) -> str:
        value = self.cleaned_data["myropo_id"]
        if not is_valid(value):
            raise forms.ValidationError(
                _("Check the MyRopo ID: it has 11 letters and digits, as printed on the letter.")
            )
        return normalise(value)


class ChooseCompanyForm(forms.Form):
    company = forms.ChoiceField(label=_("Act for"), widget=forms.RadioSelect)

    def __init__(self, *args, companies: list[dict], person_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", person_label)]
        choices += [(c["hash"], c["name"] or c["country"]) for c in companies]
        self.fields["company"].choices = choices
        self.fields["company"].required = False


class InviteDelegateForm(forms.Form):
    email = forms.EmailField(label=_("Their e-mail address"))
    can_pay = forms.BooleanField(label=_("May pay the invoice"), required=False)
    can_plan = forms.BooleanField(
        label=_("May postpone the due date and make a payment plan"), required=False
    )
    can_message = forms.BooleanField(
        label=_("May write to customer service about it"), required=False
    )
    valid_until = forms.DateField(
        label=_("Until"),
        help_text=_("The authorization ends at the end of this day."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class LoginForm(AllauthLoginForm):
    """allauth's login: staff and creditor users give their password (then their second
    factor); an address without a password gets a one-time code, as it would without the field.
    allauth's limits on failed logins apply to both."""

    def _setup_password_field(self) -> None:
        self.fields["password"].required = False


# allauth's passkey forms name their field "Name" through Django's automatic label, which no
# catalogue translates (MFA_FORMS puts these in their place).
PASSKEY_NAME = {
    "label": _("Name of the passkey"),
    "help_text": _("For example the device it is on, so that you know it again."),
    "max_length": 100,
}


class AddPasskeyForm(AddWebAuthnForm):
    name = forms.CharField(required=False, **PASSKEY_NAME)


class EditPasskeyForm(EditWebAuthnForm):
    name = forms.CharField(required=True, **PASSKEY_NAME)
