"""Input and output shapes of the creditor API. Money is a decimal string plus a currency."""

from decimal import Decimal

from rest_framework import serializers

from invoices.models import Invoice
from invoices.money import MAX_DIGITS


def money():
    return serializers.DecimalField(max_digits=MAX_DIGITS, decimal_places=2, coerce_to_string=True)


class DebtorOut(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    country = serializers.CharField()


class AssignmentOut(serializers.ModelSerializer):
    id = serializers.CharField(source="myropo_id")
    debtor = DebtorOut()
    capital = money()
    fees = money()
    interest = money()
    paid = money()
    balance = money()
    updated_at = serializers.DateTimeField(source="upstream_updated_at", allow_null=True)
    events_go_to = serializers.ChoiceField(choices=["maventa", "ropo_one"], read_only=True)

    class Meta:
        model = Invoice
        fields = [
            "id",
            "invoice_number",
            "reference",
            "debtor",
            "stage",
            "status",
            "collection_status",
            "country",
            "currency",
            "capital",
            "fees",
            "interest",
            "paid",
            "balance",
            "invoice_date",
            "due_date",
            "maventa_assignment_id",
            "events_go_to",
            "updated_at",
        ]


class TimelineEntryOut(serializers.Serializer):
    on = serializers.DateField()
    kind = serializers.CharField()
    label = serializers.CharField()
    amount = money()
    status = serializers.CharField()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.amount is None:
            data["amount"] = None
        return data


class EventIn(serializers.Serializer):
    type = serializers.ChoiceField(choices=["paid", "credit_note"])
    amount = serializers.DecimalField(
        max_digits=MAX_DIGITS, decimal_places=2, min_value=Decimal("0.01")
    )
    booked_at = serializers.DateField()


class EventOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    assignment = serializers.CharField(source="invoice.myropo_id")
    type = serializers.SerializerMethodField()
    amount = money()
    booked_at = serializers.DateField(source="paid_on")
    status = serializers.CharField()

    def get_type(self, payment) -> str:
        return "paid" if payment.kind == "payment" else "credit_note"


class StageFigure(serializers.Serializer):
    stage = serializers.CharField()
    amount = money()
    count = serializers.IntegerField()


class AgeingFigure(serializers.Serializer):
    bucket = serializers.CharField()
    amount = money()
    count = serializers.IntegerField()


class MonthFigure(serializers.Serializer):
    month = serializers.DateField(format="%Y-%m")
    amount = money()
    count = serializers.IntegerField()


class OverviewOut(serializers.Serializer):
    currency = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    open_total = money()
    open_by_stage = StageFigure(many=True)
    ageing = AgeingFigure(many=True)
    period_cases = serializers.IntegerField()
    claimed = money()
    collected = money()
    collection_rate = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    average_days_to_payment = serializers.DecimalField(
        max_digits=8, decimal_places=1, allow_null=True
    )
    refused_events = serializers.IntegerField()
    transfer_errors = serializers.IntegerField()
    disputes_open = serializers.IntegerField()
    disputes_in_period = serializers.IntegerField()
    as_of = serializers.DateTimeField(allow_null=True)
    collections_by_month = MonthFigure(many=True)


class PayerAddressIn(serializers.Serializer):
    street = serializers.CharField(max_length=200)
    postal_code = serializers.CharField(max_length=10)
    city = serializers.CharField(max_length=100)
    country = serializers.ChoiceField(choices=["FI", "SE", "NO"])


class PayerIn(serializers.Serializer):
    type = serializers.ChoiceField(choices=["person", "company"])
    name = serializers.CharField(max_length=200)
    identity_code = serializers.CharField(max_length=20, required=False)
    business_id = serializers.CharField(max_length=20, required=False)
    email = serializers.EmailField(required=False)
    language = serializers.ChoiceField(choices=["fi", "sv", "nb", "en"], required=False)
    address = PayerAddressIn()


class TransferIn(serializers.Serializer):
    """Maventa's transfer fields, for one invoice of the creditor in Maventa (one payer)."""

    invoice_id = serializers.UUIDField()
    collection_type = serializers.ChoiceField(choices=["reminder_and_collection", "collection"])
    receivables_type = serializers.ChoiceField(choices=["b2b", "b2c", "b2b_rental", "b2c_rental"])
    assignment_summary = serializers.CharField(max_length=300)
    payers = PayerIn(many=True, min_length=1, max_length=1)

    def as_form_data(self) -> dict:
        """The same checks as the page's form (7/14-day rule, identity code per country)."""
        d = self.validated_data
        payer = d["payers"][0]
        return {
            "invoice_id": str(d["invoice_id"]),
            "collection_type": d["collection_type"],
            "receivables_type": d["receivables_type"],
            "summary": d["assignment_summary"],
            "payer_type": payer["type"],
            "payer_name": payer["name"],
            "payer_identity_code": payer.get("identity_code") or payer.get("business_id") or "",
            "payer_email": payer.get("email", ""),
            "payer_language": payer.get("language", ""),
            **payer["address"],
        }


class TransferOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    invoice_id = serializers.UUIDField(source="maventa_invoice_id")
    invoice_number = serializers.CharField()
    due_date = serializers.DateField()
    collection_type = serializers.CharField()
    receivables_type = serializers.CharField()
    status = serializers.CharField()
    assignment_id = serializers.UUIDField(allow_null=True)
    error = serializers.CharField()
    created_at = serializers.DateTimeField()
