from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts import audit
from accounts.identity import InvalidIdentity
from integrations.http import UpstreamError
from integrations.ropo_one.letters import letter_pdf
from invoices import bank_accounts, disputes, services
from invoices.admin_people import PersonViewMixin
from invoices.errors import InvoiceActionError
from invoices.forms import (
    BankAccountChangeForm,
    DebtorIdentityForm,
    ReportPaymentForm,
    ResolveDisputeForm,
)
from invoices.models import (
    BankAccountChange,
    Creditor,
    CreditorPolicy,
    DebtorParty,
    Dispute,
    DisputeAttachment,
    Invoice,
    InvoiceRow,
    Letter,
    PolicyException,
    Postponement,
    ReportedPayment,
)
from messaging.models import Thread
from payments.models import Payment, PaymentPlan


class CreditorPolicyInline(admin.StackedInline):
    """What the creditor lets debtors arrange themselves: agents keep it up to date."""

    model = CreditorPolicy
    can_delete = False


class BankAccountChangeInline(admin.TabularInline):
    """The proposals to change where debtors pay; decided in the bank account changes list."""

    model = BankAccountChange
    fields = (
        "iban",
        "bic",
        "bankgiro",
        "reason",
        "status",
        "proposed_by",
        "decided_by",
        "decided_at",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Creditor)
class CreditorAdmin(admin.ModelAdmin):
    inlines = [CreditorPolicyInline, BankAccountChangeInline]
    list_display = ("name", "country", "currency", "business_id", "allows_legal_collection")
    list_filter = ("country", "currency", "allows_legal_collection")
    search_fields = ("name", "business_id")
    # Where debtors pay changes only with a second agent's approval (the propose view).
    readonly_fields = (
        "public_id",
        "iban",
        "bic",
        "bankgiro",
        "upstream_id",
        "created_at",
        "updated_at",
    )
    change_form_template = "admin/invoices/creditor/change_form.html"

    def get_urls(self):
        extra = [
            path(
                "<int:object_id>/bank-account/",
                self.admin_site.admin_view(self.propose_bank_account_view),
                name="invoices_creditor_bank_account",
            )
        ]
        return extra + super().get_urls()

    def propose_bank_account_view(self, request, object_id):
        creditor = get_object_or_404(Creditor, pk=object_id)
        if not self.has_change_permission(request, creditor):
            return HttpResponse(status=403)
        # The proposal names the whole new account: what stays the same starts filled in.
        current = {"iban": creditor.iban, "bic": creditor.bic, "bankgiro": creditor.bankgiro}
        form = BankAccountChangeForm(request.POST or None, initial=current)
        if request.method == "POST" and form.is_valid():
            try:
                bank_accounts.propose_bank_account_change(
                    creditor, actor=request.user, **form.cleaned_data
                )
            except InvoiceActionError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(
                    request,
                    _(
                        "The change waits for another agent's approval; until then debtors see "
                        "the current account."
                    ),
                )
                return redirect(reverse("admin:invoices_creditor_change", args=[creditor.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Propose a new bank account"),
            "creditor": creditor,
            "form": form,
            "opts": self.model._meta,
        }
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(
            request, "admin/invoices/creditor/bank_account.html", context, status=status
        )


@admin.register(BankAccountChange)
class BankAccountChangeAdmin(admin.ModelAdmin):
    """Pending changes of where debtors pay: an agent other than the proposer decides."""

    list_display = (
        "creditor",
        "old_iban",
        "iban",
        "bic",
        "bankgiro",
        "status",
        "proposed_by",
        "proposed_at",
    )
    list_filter = ("status",)
    list_select_related = ("creditor", "proposed_by")
    search_fields = ("creditor__name", "iban")
    fields = (
        "creditor",
        "old_iban",
        "old_bic",
        "old_bankgiro",
        "iban",
        "bic",
        "bankgiro",
        "reason",
        "status",
        "proposed_by",
        "proposed_at",
        "decided_by",
        "decided_at",
    )
    readonly_fields = fields
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False  # proposed from the creditor's page

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Approve the selected changes"), permissions=["change"])
    def approve(self, request, queryset):
        self._decide(request, queryset, bank_accounts.approve_bank_account_change)

    @admin.action(description=_("Reject the selected changes"), permissions=["change"])
    def reject(self, request, queryset):
        self._decide(request, queryset, bank_accounts.reject_bank_account_change)

    def _decide(self, request, queryset, decide):
        done = 0
        for change in queryset.select_related("creditor"):
            try:
                decide(change, actor=request.user)
                done += 1
            except InvoiceActionError as exc:
                self.message_user(request, f"{change.creditor}: {exc.message}", messages.ERROR)
        if done:
            self.message_user(request, _("Decided: %(count)d.") % {"count": done})


class DebtorPartyForm(forms.ModelForm):
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


@admin.register(DebtorParty)
class DebtorPartyAdmin(PersonViewMixin, admin.ModelAdmin):
    form = DebtorPartyForm
    list_display = ("name", "kind", "country", "postal_code", "city")
    list_filter = ("kind", "country")
    search_fields = ("name", "email", "postal_code")
    change_form_template = "admin/invoices/debtorparty/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        fields = ("public_id", "masked_identity", "created_at", "updated_at")
        # Kind and country are part of the identity (its lookup hash): fixed once it exists.
        return ("kind", "country", *fields) if obj else fields

    @admin.display(description=_("identity code"))
    def masked_identity(self, obj: DebtorParty) -> str:
        return obj.masked_identity or "—"

    def get_urls(self):
        extra = [
            path(
                "<int:object_id>/identity/",
                self.admin_site.admin_view(self.identity_view),
                name="invoices_debtorparty_identity",
            )
        ]
        return extra + super().get_urls()

    def identity_view(self, request, object_id):
        debtor = get_object_or_404(DebtorParty, pk=object_id)
        if not self.has_change_permission(request, debtor):
            return HttpResponse(status=403)
        form = DebtorIdentityForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.set_debtor_identity(
                    debtor, code=form.cleaned_data["identity_code"], actor=request.user
                )
            except InvalidIdentity:
                form.add_error(
                    "identity_code", _("This is not a valid identity code for the country.")
                )
            except InvoiceActionError as exc:
                form.add_error("identity_code", exc.message)
            else:
                self.message_user(request, _("The identity code was set."))
                return redirect(reverse("admin:invoices_debtorparty_change", args=[debtor.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Set the identity code"),
            "debtor": debtor,
            "form": form,
            "opts": self.model._meta,
        }
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(
            request, "admin/invoices/debtorparty/identity.html", context, status=status
        )


class ReadOnlyInline(admin.TabularInline):
    """Upstream owns these rows: agents see them, sync writes them."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields or [f.name for f in self.model._meta.fields]


class InvoiceRowInline(ReadOnlyInline):
    model = InvoiceRow


class LetterInline(ReadOnlyInline):
    model = Letter
    fields = ("kind", "sent_on", "language", "upstream_id")


class PostponementInline(ReadOnlyInline):
    model = Postponement
    fields = ("old_due_date", "new_due_date", "fee", "requested_by", "created_at")


class DisputeInline(ReadOnlyInline):
    model = Dispute
    fields = ("dispute_link", "scope", "amount", "status", "raised_by", "created_at")
    readonly_fields = fields

    @admin.display(description=_("dispute"))
    def dispute_link(self, obj: Dispute):
        url = reverse("admin:invoices_dispute_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open"))


class PaymentPlanInline(ReadOnlyInline):
    model = PaymentPlan
    fields = ("plan_link", "status", "principal", "fee", "day_of_month", "created_at")
    readonly_fields = fields

    @admin.display(description=_("payment plan"))
    def plan_link(self, obj: PaymentPlan):
        url = reverse("admin:payments_paymentplan_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open"))


class GatewayPaymentInline(ReadOnlyInline):
    model = Payment
    fk_name = "invoice"
    fields = ("payment_link", "amount", "currency", "status", "bank", "paid_at", "created_at")
    readonly_fields = fields

    @admin.display(description=_("payment"))
    def payment_link(self, obj: Payment):
        url = reverse("admin:payments_payment_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open"))


class ThreadInline(ReadOnlyInline):
    """The case's conversations; agents answer them in the message inbox."""

    model = Thread
    fields = ("conversation", "channel", "status", "owner", "last_message_at")
    readonly_fields = fields

    @admin.display(description=_("conversation"))
    def conversation(self, obj: Thread):
        url = reverse("messaging:agent_thread", args=[obj.public_id])
        return format_html('<a href="{}">{}</a>', url, obj.subject)


class PolicyExceptionInline(admin.TabularInline):
    """An agent's exception to the creditor's policy for this invoice (never edited after)."""

    model = PolicyException
    fields = (
        "extra_postponement_days",
        "extra_postponements",
        "extra_plan_months",
        "note",
        "granted_by",
        "created_at",
    )
    readonly_fields = ("granted_by", "created_at")
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False


class ReportedPaymentInline(ReadOnlyInline):
    model = ReportedPayment
    fields = ("kind", "amount", "paid_on", "status", "created_by", "created_at")


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
    inlines = [
        InvoiceRowInline,
        LetterInline,
        ReportedPaymentInline,
        GatewayPaymentInline,
        PaymentPlanInline,
        PostponementInline,
        DisputeInline,
        ThreadInline,
        PolicyExceptionInline,
    ]

    def save_model(self, request, obj, form, change):
        """Nothing of the case itself is saved here (sync owns it): only the inlines."""

    def save_formset(self, request, form, formset, change):
        if formset.model is not PolicyException:
            return super().save_formset(request, form, formset, change)
        for exception in formset.save(commit=False):
            exception.granted_by = request.user
            exception.save()
            audit.record(
                "policy.exception_granted",
                actor=request.user,
                obj=exception.invoice,
                after={
                    "days": exception.extra_postponement_days,
                    "postponements": exception.extra_postponements,
                    "plan_months": exception.extra_plan_months,
                    "note": exception.note,
                },
            )

    # The collection system owns the case: agents read it here and act through the
    # actions (report a payment); sync is the only writer of these fields.
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Invoice._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    change_form_template = "admin/invoices/invoice/change_form.html"

    def get_urls(self):
        extra = [
            path(
                "<int:object_id>/report-payment/",
                self.admin_site.admin_view(self.report_payment_view),
                name="invoices_invoice_report_payment",
            )
        ]
        return extra + super().get_urls()

    def report_payment_view(self, request, object_id):
        invoice = get_object_or_404(Invoice, pk=object_id)
        if not self.has_change_permission(request, invoice):
            return HttpResponse(status=403)
        form = ReportPaymentForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.report_direct_payment(invoice, actor=request.user, **form.cleaned_data)
            except InvoiceActionError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(
                    request, _("The payment was recorded and is being sent to Ropo One.")
                )
                return redirect(reverse("admin:invoices_invoice_change", args=[invoice.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Report a direct payment"),
            "invoice": invoice,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/invoices/invoice/report_payment.html", context)


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ("invoice", "kind", "sent_on", "language", "pdf_link")
    exclude = ("pdf",)

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj: Letter):
        url = reverse("admin:invoices_letter_pdf", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open"))

    def get_urls(self):
        extra = [
            path(
                "<int:object_id>/pdf/",
                self.admin_site.admin_view(self.pdf_view),
                name="invoices_letter_pdf",
            )
        ]
        return extra + super().get_urls()

    def pdf_view(self, request, object_id):
        letter = get_object_or_404(Letter.objects.select_related("invoice"), pk=object_id)
        if not self.has_view_permission(request, letter):
            return HttpResponse(status=403)
        try:
            content = letter_pdf(letter)
        except UpstreamError:
            messages.error(
                request, _("The letter could not be fetched from Ropo One. Try again soon.")
            )
            return redirect(reverse("admin:invoices_letter_changelist"))
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{letter.public_id}.pdf"'
        response["Cache-Control"] = "no-store"
        return response

    list_filter = ("kind", "language")
    list_select_related = ("invoice",)
    search_fields = ("invoice__invoice_number", "invoice__myropo_id")
    raw_id_fields = ("invoice",)


class DisputeAttachmentInline(admin.TabularInline):
    model = DisputeAttachment
    fields = ("download", "content_type", "size")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj: DisputeAttachment):
        url = reverse("admin:invoices_dispute_attachment", args=[obj.dispute_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.filename)


@admin.register(Dispute)
class DisputeAdmin(admin.ModelAdmin):
    """Agents read disputes here and resolve them (which releases the case upstream)."""

    list_display = ("invoice", "status", "scope", "amount", "created_at", "resolved_at")
    list_filter = ("status", "scope")
    list_select_related = ("invoice",)
    search_fields = ("invoice__invoice_number", "invoice__myropo_id")
    fields = (
        "invoice",
        "raised_by",
        "scope",
        "amount",
        "reason",
        "status",
        "resolution",
        "resolved_by",
        "resolved_at",
        "created_at",
    )
    readonly_fields = fields
    inlines = [DisputeAttachmentInline]
    change_form_template = "admin/invoices/dispute/change_form.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        extra = [
            path(
                "<int:object_id>/resolve/",
                self.admin_site.admin_view(self.resolve_view),
                name="invoices_dispute_resolve",
            ),
            path(
                "<int:object_id>/attachments/<int:attachment_pk>/",
                self.admin_site.admin_view(self.attachment_view),
                name="invoices_dispute_attachment",
            ),
        ]
        return extra + super().get_urls()

    def resolve_view(self, request, object_id):
        dispute = get_object_or_404(Dispute.objects.select_related("invoice"), pk=object_id)
        if not self.has_change_permission(request, dispute):
            return HttpResponse(status=403)
        form = ResolveDisputeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                disputes.resolve_dispute(dispute, actor=request.user, **form.cleaned_data)
            except InvoiceActionError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(request, _("The dispute was resolved and the debtor told."))
                return redirect(reverse("admin:invoices_dispute_change", args=[dispute.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Resolve the dispute"),
            "dispute": dispute,
            "form": form,
            "opts": self.model._meta,
        }
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(
            request, "admin/invoices/dispute/resolve.html", context, status=status
        )

    def attachment_view(self, request, object_id, attachment_pk):
        item = get_object_or_404(DisputeAttachment, pk=attachment_pk, dispute_id=object_id)
        if not self.has_view_permission(request, item.dispute):
            return HttpResponse(status=403)
        response = HttpResponse(disputes.attachment_bytes(item), content_type=item.content_type)
        response["Content-Disposition"] = f'attachment; filename="{item.filename}"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "no-store"
        return response
