"""The words of a letter in each language the debtors read (en, fi, sv, nb).

A handful of fixed strings, kept here rather than in gettext catalogues: the sandbox is a
separate project with no translation workflow of its own.
"""

from __future__ import annotations

from decimal import Decimal

TITLES: dict[str, dict[str, str]] = {
    "invoice": {"en": "Invoice", "fi": "Lasku", "sv": "Faktura", "nb": "Faktura"},
    "reminder": {
        "en": "Payment reminder",
        "fi": "Maksumuistutus",
        "sv": "Betalningspåminnelse",
        "nb": "Betalingspåminnelse",
    },
    "collection": {
        "en": "Collection letter",
        "fi": "Maksuvaatimus",
        "sv": "Inkassokrav",
        "nb": "Betalingsoppfordring",
    },
    "legal": {
        "en": "Notice of legal collection",
        "fi": "Ilmoitus oikeudellisesta perinnästä",
        "sv": "Meddelande om rättslig indrivning",
        "nb": "Varsel om rettslig inndrivelse",
    },
    "plan_confirmation": {
        "en": "Payment plan confirmation",
        "fi": "Maksusuunnitelman vahvistus",
        "sv": "Bekräftelse av avbetalningsplan",
        "nb": "Bekreftelse på betalingsavtale",
    },
    "postponement": {
        "en": "New due date",
        "fi": "Uusi eräpäivä",
        "sv": "Nytt förfallodatum",
        "nb": "Ny forfallsdato",
    },
}

LABELS: dict[str, dict[str, str]] = {
    "creditor": {"en": "Creditor", "fi": "Velkoja", "sv": "Borgenär", "nb": "Kreditor"},
    "debtor": {"en": "Debtor", "fi": "Velallinen", "sv": "Gäldenär", "nb": "Skyldner"},
    "business_id": {
        "en": "Business ID",
        "fi": "Y-tunnus",
        "sv": "Organisationsnummer",
        "nb": "Organisasjonsnummer",
    },
    "date": {"en": "Date", "fi": "Päiväys", "sv": "Datum", "nb": "Dato"},
    "jobid": {"en": "Case number", "fi": "Asianumero", "sv": "Ärendenummer", "nb": "Saksnummer"},
    "billnum": {
        "en": "Invoice number",
        "fi": "Laskun numero",
        "sv": "Fakturanummer",
        "nb": "Fakturanummer",
    },
    "reference": {"en": "Reference", "fi": "Viitenumero", "sv": "OCR-nummer", "nb": "KID"},
    "due_date": {"en": "Due date", "fi": "Eräpäivä", "sv": "Förfallodag", "nb": "Forfallsdato"},
    "account": {"en": "Account", "fi": "Tilinumero", "sv": "Konto", "nb": "Konto"},
    "capital": {"en": "Capital", "fi": "Pääoma", "sv": "Kapital", "nb": "Hovedstol"},
    "fees": {"en": "Fees", "fi": "Kulut", "sv": "Avgifter", "nb": "Gebyrer"},
    "interest": {"en": "Interest", "fi": "Korko", "sv": "Ränta", "nb": "Renter"},
    "paid": {"en": "Paid", "fi": "Maksettu", "sv": "Betalt", "nb": "Innbetalt"},
    "amount_due": {
        "en": "Amount due",
        "fi": "Maksettava yhteensä",
        "sv": "Att betala",
        "nb": "Å betale",
    },
    "please_pay": {
        "en": "Please pay the amount due by the due date, quoting the reference.",
        "fi": "Maksathan summan viimeistään eräpäivänä viitenumeroa käyttäen.",
        "sv": "Betala beloppet senast på förfallodagen och ange OCR-numret.",
        "nb": "Vennligst betal beløpet innen forfallsdatoen og oppgi KID.",
    },
    "demo": {
        "en": "Sandbox letter: demo data only.",
        "fi": "Testikirje: vain esimerkkitietoja.",
        "sv": "Testbrev: endast exempeldata.",
        "nb": "Testbrev: kun eksempeldata.",
    },
}


def text(table: dict[str, dict[str, str]], key: str, language: str) -> str:
    entry = table[key]
    return entry.get(language, entry["en"])


def amount(value: Decimal | None, currency: str, language: str) -> str:
    """``1234.50 EUR`` in English, ``1234,50 EUR`` in the Nordic languages."""
    if value is None:
        return "-"
    figure = f"{value:.2f}"
    return f"{figure if language == 'en' else figure.replace('.', ',')} {currency}"
