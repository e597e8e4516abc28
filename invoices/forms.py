import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from invoices.models import ReportedPayment


class ReportPaymentForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ReportedPayment.Kind.choices)
    amount = forms.DecimalField(label=_("amount"), min_value=0.01, max_digits=14, decimal_places=2)
    paid_on = forms.DateField(label=_("paid on"), initial=datetime.date.today)
