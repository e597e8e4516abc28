"""Read-only views for agents: gateway payments with their raw notices, refund accounts masked.

Payments change only through the gateway's signed notices (`payments.services`), never by hand;
the one thing agents do is refund a payment the bank took that could not be booked.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from integrations.http import UpstreamError
from payments import services
from payments.models import GatewayNotice, Instalment, Payment, PaymentPlan, RefundAccount


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class GatewayNoticeInline(ReadOnly, admin.TabularInline):
    model = GatewayNotice
    fields = ("received_at", "source", "outcome", "query")
    readonly_fields = fields
    extra = 0


class BookedFilter(admin.SimpleListFilter):
    title = _("booked")
    parameter_name = "booked"

    def lookups(self, request, model_admin):
        return [("yes", _("yes")), ("no", _("no"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(booking__isnull=self.value() == "no")
        return queryset


@admin.register(Payment)
class PaymentAdmin(ReadOnly, admin.ModelAdmin):
    list_display = (
        "public_id",
        "invoice",
        "amount",
        "currency",
        "status",
        "booked",
        "bank",
        "paid_at",
    )
    list_filter = ("status", BookedFilter)
    search_fields = ("=public_id", "=transaction_id", "=invoice__myropo_id")
    list_select_related = ("invoice", "invoice__creditor")
    readonly_fields = (
        "public_id",
        "invoice",
        "amount",
        "currency",
        "status",
        "gateway_status",
        "bank",
        "transaction_id",
        "created_by",
        "created_at",
        "paid_at",
        "booked",
        "refunded_at",
        "refund_status",
    )
    fields = readonly_fields
    inlines = [GatewayNoticeInline]
    actions = ["refund_unbooked"]

    def has_refund_permission(self, request) -> bool:
        return request.user.has_perm("payments.change_payment")

    @admin.action(
        description=_("Refund to the payer (paid, but could not be booked)"),
        permissions=["refund"],
    )
    def refund_unbooked(self, request, queryset):
        done = 0
        for payment in queryset:
            try:
                services.refund_unbooked_payment(payment, actor=request.user)
                done += 1
            except services.PaymentError as exc:
                self.message_user(request, f"{payment.public_id}: {exc.message}", messages.ERROR)
            except UpstreamError:
                self.message_user(
                    request,
                    _("The payment gateway could not be reached. Nothing was refunded; try again."),
                    messages.ERROR,
                )
                break
        if done:
            self.message_user(request, _("Refunded: %(count)d.") % {"count": done})

    @admin.display(description=_("booked"), boolean=True)
    def booked(self, obj: Payment) -> bool:
        return hasattr(obj, "booking")


@admin.register(RefundAccount)
class RefundAccountAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("user", "masked_iban", "updated_at")
    search_fields = ("=user__email",)
    fields = ("user", "masked_iban", "updated_at")
    readonly_fields = fields

    @admin.display(description=_("IBAN"))
    def masked_iban(self, obj: RefundAccount) -> str:
        return obj.masked_iban


class InstalmentInline(admin.TabularInline):
    model = Instalment
    fields = ("number", "due_date", "amount", "reference", "reminded_before", "reminded_after")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PaymentPlan)
class PaymentPlanAdmin(ReadOnly, admin.ModelAdmin):
    """Plans are agreed by debtors and kept by the hourly check; agents read them here."""

    list_display = ("invoice", "status", "principal", "fee", "created_at", "ended_at")
    list_filter = ("status",)
    list_select_related = ("invoice",)
    search_fields = ("invoice__invoice_number", "invoice__myropo_id")
    fields = (
        "invoice",
        "status",
        "principal",
        "fee",
        "interest_forecast",
        "day_of_month",
        "paid_at_start",
        "created_by",
        "created_at",
        "ended_at",
    )
    readonly_fields = fields
    inlines = [InstalmentInline]
