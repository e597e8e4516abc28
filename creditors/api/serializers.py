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
    month = serializers.DateTimeField(format="%Y-%m")
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
    collections_by_month = MonthFigure(many=True)
