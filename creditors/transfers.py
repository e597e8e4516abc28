"""Checking transfers of overdue Maventa invoices before they go upstream (form, CSV, API).

Maventa accepts a transfer from 7 days after the due date for business receivables and 14
days for consumer ones; we check the same rule (on our clock) so a person sees the reason at
once. Maventa checks again and its answer decides (the transfer then shows `error`).
"""

import csv
import datetime
import io
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.identity import InvalidIdentity, canonical_identity
from creditors.models import CollectionType, ReceivablesType
from invoices.models import Country
from invoices.money import format_money

MIN_DAYS_PAST_DUE = {"b2b": 7, "b2c": 14}
LANGUAGES = [
    ("", _("not given")),
    ("fi", "suomi"),
    ("sv", "svenska"),
    ("nb", "norsk"),
    ("en", "English"),
]
CSV_COLUMNS = [
    "invoice_id",
    "collection_type",
    "receivables_type",
    "summary",
    "payer_type",
    "payer_name",
    "payer_identity_code",
    "payer_email",
    "payer_language",
    "street",
    "postal_code",
    "city",
    "country",
]
MAX_CSV_ROWS = 1000
MAX_CSV_BYTES = 1024 * 1024
# When csv cannot parse a file we answer with the upload form's help text (the format we read).
UNREADABLE_CSV = _("UTF-8, comma-separated, with the columns shown below; at most 1000 rows.")


def earliest_transfer(due: datetime.date, receivables_type: str) -> datetime.date:
    return due + datetime.timedelta(days=MIN_DAYS_PAST_DUE[receivables_type[:3]])


@dataclass(frozen=True)
class MaventaInvoice:
    id: str
    number: str
    due_date: datetime.date
    currency: str
    total: str
    transferred: bool


def maventa_invoices(items: list[dict]) -> dict[str, MaventaInvoice]:
    """Maventa's invoice list by id; malformed items are left out."""
    found = {}
    for item in items:
        try:
            invoice = MaventaInvoice(
                id=str(item["id"]),
                number=str(item.get("number") or ""),
                due_date=datetime.date.fromisoformat(item["due_date"]),
                currency=str(item.get("currency") or ""),
                total=str(item.get("sum") or ""),
                transferred=item.get("assignment") is not None,
            )
        except (KeyError, TypeError, ValueError):
            continue
        found[invoice.id] = invoice
    return found


@dataclass(frozen=True)
class TransferInput:
    invoice: MaventaInvoice
    collection_type: str
    receivables_type: str
    summary: str
    payer: dict

    def body(self) -> dict:
        """Maventa's transfer body."""
        return {
            "collection_type": self.collection_type,
            "receivables_type": self.receivables_type,
            "assignment_summary": self.summary,
            "payers": [self.payer],
        }


class InvoiceChoiceField(forms.ChoiceField):
    """Offers the invoices not transferred yet; `TransferForm.clean_invoice_id` says why
    another id cannot be used."""

    def valid_value(self, value) -> bool:
        return True


class TransferForm(forms.Form):
    """One transfer: the form on the page, and each CSV row and API body is checked by it."""

    invoice_id = InvoiceChoiceField(label=_("Invoice"))
    collection_type = forms.ChoiceField(label=_("Collection type"), choices=CollectionType.choices)
    receivables_type = forms.ChoiceField(
        label=_("Receivables type"), choices=ReceivablesType.choices
    )
    summary = forms.CharField(label=_("What the claim is for"), max_length=300)
    payer_type = forms.ChoiceField(
        label=_("The payer is"), choices=[("person", _("a person")), ("company", _("a company"))]
    )
    payer_name = forms.CharField(label=_("Payer's name"), max_length=200)
    payer_identity_code = forms.CharField(
        label=_("Personal identity code or business id"), max_length=20
    )
    payer_email = forms.EmailField(label=_("Payer's e-mail address"), required=False)
    payer_language = forms.ChoiceField(
        label=_("Payer's language"), choices=LANGUAGES, required=False
    )
    street = forms.CharField(label=_("Street address"), max_length=200)
    postal_code = forms.CharField(label=_("Postal code"), max_length=10)
    city = forms.CharField(label=_("City"), max_length=100)
    country = forms.ChoiceField(label=_("Country"), choices=Country.choices)

    def __init__(self, *args, invoices: dict[str, MaventaInvoice], today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.invoices = invoices
        self.today = today or timezone.localdate()
        self.fields["invoice_id"].choices = [
            (
                i.id,
                f"{i.number} · {date_format(i.due_date, 'SHORT_DATE_FORMAT')} · "
                f"{format_money(i.total, i.currency)}",
            )
            for i in invoices.values()
            if not i.transferred
        ]

    def clean_invoice_id(self) -> str:
        invoice_id = self.cleaned_data["invoice_id"].lower()
        if invoice_id not in self.invoices:
            raise forms.ValidationError(_("Maventa has no such invoice for this creditor."))
        if self.invoices[invoice_id].transferred:
            raise forms.ValidationError(_("This invoice has already been transferred."))
        return invoice_id

    def clean(self):
        data = super().clean()
        self._check_identity(data)
        self._check_days_past_due(data)
        return data

    def _check_identity(self, data: dict) -> None:
        if not (data.get("payer_identity_code") and data.get("country") and data.get("payer_type")):
            return
        try:
            canonical_identity(data["country"], data["payer_type"], data["payer_identity_code"])
        except InvalidIdentity:
            self.add_error(
                "payer_identity_code",
                _("This is not a valid identity code or business id for the country."),
            )

    def _check_days_past_due(self, data: dict) -> None:
        invoice_id, kind = data.get("invoice_id"), data.get("receivables_type")
        if not (invoice_id and kind):
            return
        earliest = earliest_transfer(self.invoices[invoice_id].due_date, kind)
        if self.today < earliest:
            message = _(
                "Business invoices can be transferred 7 days and consumer invoices 14 days "
                "after the due date: this one from %(date)s."
            ) % {"date": earliest.isoformat()}
            self.add_error("receivables_type", message)

    def transfer_input(self) -> TransferInput:
        d = self.cleaned_data
        code_field = "business_id" if d["payer_type"] == "company" else "identity_code"
        payer = {
            "type": d["payer_type"],
            "name": d["payer_name"],
            code_field: d["payer_identity_code"],
            "address": {
                "street": d["street"],
                "postal_code": d["postal_code"],
                "city": d["city"],
                "country": d["country"],
            },
        }
        if d.get("payer_email"):
            payer["email"] = d["payer_email"]
        if d.get("payer_language"):
            payer["language"] = d["payer_language"]
        return TransferInput(
            invoice=self.invoices[d["invoice_id"]],
            collection_type=d["collection_type"],
            receivables_type=d["receivables_type"],
            summary=d["summary"],
            payer=payer,
        )


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str


def read_upload(upload) -> bytes | None:
    """An uploaded file's bytes, read in chunks; None once it passes MAX_CSV_BYTES (its size
    is checked before anything is read, the chunks count what really arrives)."""
    if upload.size > MAX_CSV_BYTES:
        return None
    content = bytearray()
    for chunk in upload.chunks():
        content += chunk
        if len(content) > MAX_CSV_BYTES:
            return None
    return bytes(content)


def read_csv(content: bytes | None, *, invoices: dict[str, MaventaInvoice], today=None):
    """Every row checked; returns (inputs, errors). Rows are numbered as in a spreadsheet
    (the header is row 1). The same invoice twice in one file is an error."""
    if content is None or len(content) > MAX_CSV_BYTES:
        return [], [RowError(0, "", str(_("The file is larger than 1 MB.")))]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowError(0, "", str(_("The file is not UTF-8 text.")))]
    reader = csv.DictReader(io.StringIO(text))
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error:  # e.g. a field over csv.field_size_limit(): not a file we can read
        return [], [RowError(1, "", str(UNREADABLE_CSV))]
    missing = [c for c in CSV_COLUMNS if c not in fieldnames]
    if missing:
        message = _("The file lacks these columns: %(columns)s.") % {"columns": ", ".join(missing)}
        return [], [RowError(1, "", str(message))]
    inputs, errors, seen = [], [], set()
    number = 1
    try:
        for number, row in enumerate(reader, start=2):
            if number - 1 > MAX_CSV_ROWS:
                errors.append(RowError(number, "", str(_("At most 1000 rows at a time."))))
                break
            form = TransferForm(
                {k: (v or "").strip() for k, v in row.items() if k}, invoices=invoices, today=today
            )
            if not form.is_valid():
                errors += [
                    RowError(number, field, str(message))
                    for field, messages in form.errors.items()
                    for message in messages
                ]
                continue
            if form.cleaned_data["invoice_id"] in seen:
                errors.append(
                    RowError(number, "invoice_id", str(_("This invoice is already in the file.")))
                )
                continue
            seen.add(form.cleaned_data["invoice_id"])
            inputs.append(form.transfer_input())
    except csv.Error:
        # The record after `number` cannot be parsed (e.g. a field over csv.field_size_limit()).
        errors.append(RowError(number + 1, "", str(UNREADABLE_CSV)))
    if not inputs and not errors:
        errors.append(RowError(0, "", str(_("The file has no rows."))))
    return inputs, errors
