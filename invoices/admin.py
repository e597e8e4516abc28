from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.identity import InvalidIdentity, canonical_identity
from invoices import services
from invoices.models import Creditor, DebtorParty, Invoice, InvoiceRow, Letter


@admin.register(Creditor)
class CreditorAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "currency", "business_id", "allows_legal_collection")
    list_filter = ("country", "currency", "allows_legal_collection")
    search_fields = ("name", "business_id")
    readonly_fields = ("public_id", "upstream_id", "created_at", "updated_at")


class DebtorPartyForm(forms.ModelForm):
    new_identity_code = forms.CharField(
        label=_("set identity code"),
        required=False,
        help_text=_("Stored encrypted. Leave empty to keep the current one."),
    )

    class Meta:
        model = DebtorParty
        fields = (
            "kind",
            "name",
            "country",
            "street_address",
            "postal_code",
            "city",
            "email",
            "language",
        )

    def clean(self):
        data = super().clean()
        code = data.get("new_identity_code")
        if code and data.get("country") and data.get("kind"):
            try:
                canonical_identity(data["country"], data["kind"], code)
            except InvalidIdentity:
                self.add_error(
                    "new_identity_code", _("This is not a valid identity code for the country.")
                )
        return data


@admin.register(DebtorParty)
class DebtorPartyAdmin(admin.ModelAdmin):
    form = DebtorPartyForm
    list_display = ("name", "kind", "country", "postal_code", "city")
    list_filter = ("kind", "country")
    search_fields = ("name", "email", "postal_code")
    readonly_fields = ("public_id", "masked_identity", "created_at", "updated_at")

    @admin.display(description=_("identity code"))
    def masked_identity(self, obj: DebtorParty) -> str:
        code = obj.identity_code or ""
        return f"{code[:6]}…" if code else "—"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if code := form.cleaned_data.get("new_identity_code"):
            services.set_debtor_identity(obj, code=code)


class InvoiceRowInline(admin.TabularInline):
    model = InvoiceRow
    extra = 0


class LetterInline(admin.TabularInline):
    model = Letter
    extra = 0
    fields = ("kind", "sent_on", "language", "upstream_id")
    readonly_fields = ("kind", "sent_on", "language", "upstream_id")
    can_delete = False


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = (
        "invoice_number",
        "myropo_id",
        "creditor",
        "debtor",
        "stage",
        "status",
        "balance",
        "currency",
        "due_date",
    )
    list_filter = ("stage", "status", "country", "currency", "upstream_system")
    search_fields = ("invoice_number", "reference", "myropo_id", "debtor__name", "creditor__name")
    list_select_related = ("creditor", "debtor")
    date_hierarchy = "due_date"
    raw_id_fields = ("debtor",)
    readonly_fields = (
        "myropo_id",
        "upstream_system",
        "upstream_id",
        "maventa_assignment_id",
        "upstream_updated_at",
        "synced_at",
        "created_at",
        "updated_at",
    )
    inlines = [InvoiceRowInline, LetterInline]


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ("invoice", "kind", "sent_on", "language")
    list_filter = ("kind", "language")
    list_select_related = ("invoice",)
    search_fields = ("invoice__invoice_number", "invoice__myropo_id")
    raw_id_fields = ("invoice",)
