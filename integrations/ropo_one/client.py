"""Ropo One Connect REST client, one per country environment."""

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal

import httpx
from django.conf import settings

from integrations.http import BearerClient, UpstreamError, error_fields, json_body
from integrations.ropo_one.payloads import case_snapshot
from invoices.money import round_money
from invoices.snapshots import CaseSnapshot

logger = logging.getLogger(__name__)

# `type` of POST /rest/jobs/payment by the portal's kind of payment: `directpayment` is the
# one documented value; how a capital cancellation is told apart is not documented, this is
# the sandbox's assumption (docs/upstream-contracts.md, sandbox/ropo_one/assumed.py).
PAYMENT_TYPES = {"payment": "directpayment", "capital_cancellation": "capitalcancellation"}
# Not documented either: the numbers in error bodies `{errorId: integer, errorText}` (only the
# token call documents the shape; the sandbox assumes it everywhere). The portal acts on one:
# a closed job, a refusal no retry can change. Unknown numbers stay numbers.
ERROR_NAMES = {13: "job_closed"}
# Not documented either: the job info's list of booked payments, each with its description.
JOB_PAYMENTS_FIELD = "payments"


@dataclass(frozen=True)
class PaymentReceipt:
    """The documented 201 answer (JobAddPaymentResponse); `raw` keeps all of it as it came."""

    jobid: int | None
    billnum: str
    billcode: str
    paydate: str
    raw: dict


@dataclass(frozen=True)
class BookedPayment:
    """One booking in the job info's (assumed) payment list."""

    type: str
    amount: Decimal | None
    paydate: str
    description: str


def json_amount(amount: Decimal) -> float:
    """`amount` goes as a JSON number. A float prints the shortest decimal that reads back as
    itself, so an amount of at most 15 significant digits with 2 decimals goes exactly."""
    number = float(amount)
    if Decimal(repr(number)) != amount:
        raise UpstreamError(f"{amount} cannot be sent exactly as a JSON number", permanent=True)
    return number


def _receipt(response: httpx.Response) -> PaymentReceipt:
    """Any 2xx means booked: a body that does not parse is kept, never a reason to send again."""
    try:
        data = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return PaymentReceipt(None, "", "", "", {"unparsed": response.text[:2000]})
    jobid = data.get("jobid")
    return PaymentReceipt(
        jobid=jobid if isinstance(jobid, int) and not isinstance(jobid, bool) else None,
        billnum=str(data.get("billnum") or ""),
        billcode=str(data.get("billcode") or ""),
        paydate=str(data.get("paydate") or ""),
        raw=data,
    )


@dataclass(frozen=True)
class EndCustomerJob:
    """One documented `JobByEndCustomer` of `findbyendcustomer`; `raw` keeps it as it came
    (unknown fields included). Every field is optional in the documentation: missing or of
    the wrong type, it reads as None (or empty)."""

    case_number: int | None
    invoice_number: str
    original_invoice_date: datetime.date | None
    status: str
    open_amount: Decimal | None
    group_job: bool
    group_case_numbers: tuple[str, ...]
    group_total_payable: Decimal | None
    my_ropo_link: str
    raw: dict


def _number(value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        return round_money(str(value))  # the one rounding rule (half up), invoices.money
    except ArithmeticError:
        return None


def _day(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _end_customer_job(item: dict) -> EndCustomerJob:
    number = item.get("case_number")
    groups = item.get("group_case_numbers")
    return EndCustomerJob(
        case_number=number if isinstance(number, int) and not isinstance(number, bool) else None,
        invoice_number=str(item.get("invoice_number") or ""),
        original_invoice_date=_day(item.get("original_invoice_date")),
        status=str(item.get("status") or ""),
        open_amount=_number(item.get("open_amount")),
        group_job=item.get("group_job") == 1,
        group_case_numbers=tuple(str(g) for g in groups) if isinstance(groups, list) else (),
        group_total_payable=_number(item.get("group_total_payable")),
        my_ropo_link=str(item.get("my_ropo_link") or ""),
        raw=item,
    )


def _status_items(body):
    """The items of a status-update answer: `{"result": {"status": [...]}}` (inferred from
    third-party code; the schema is not documented), or a bare list."""
    if isinstance(body, dict):
        result = body.get("result")
        return result.get("status") if isinstance(result, dict) else None
    return body


def _booked(item) -> BookedPayment | None:
    if not isinstance(item, dict) or not isinstance(item.get("description", ""), str):
        return None
    try:
        amount = Decimal(str(item["amount"])) if item.get("amount") is not None else None
    except ArithmeticError:
        amount = None
    return BookedPayment(
        type=str(item.get("type") or ""),
        amount=amount,
        paydate=str(item.get("paydate") or ""),
        description=item.get("description") or "",
    )


class RopoOneClient(BearerClient):
    def __init__(
        self,
        country: str,
        *,
        base_url: str | None = None,
        cid: str | None = None,
        apicode: str | None = None,
        transport: httpx.BaseTransport | None = None,
    ):
        self.country = country.upper()
        self.cid = cid or settings.ROPO_ONE_CID
        self.apicode = apicode or settings.ROPO_ONE_APICODE
        if not self.apicode:
            raise UpstreamError("ROPO_ONE_APICODE is not set", permanent=True)
        url = base_url or settings.ROPO_ONE_URLS[self.country]
        super().__init__(url, token_key=f"ropo_one:token:{url}:{self.cid}", transport=transport)

    @staticmethod
    def error_message(response: httpx.Response) -> tuple[str, str]:
        """`{errorId, errorText}` (the number named by `ERROR_NAMES` where the portal acts on it),
        or a problem `{status, type, title, detail}` (its code is the
        last segment of `type`)."""
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and "errorId" not in body and "type" in body:
            code = str(body.get("type") or "").rstrip("/").rsplit("/", 1)[-1]
            return code, str(body.get("detail") or body.get("title") or "")[:500]
        if isinstance(body, dict) and "errorId" not in body and "error" in body:
            return "", str(body.get("error"))[:500]  # JobResponseErrors (GET /jobs/pdf)
        code, text = error_fields(response, "errorId", "errorText")
        return (ERROR_NAMES.get(int(code), code) if code.isdigit() else code), text

    # --- auth ------------------------------------------------------------------------------
    def fetch_token(self) -> str:
        response = self._send(
            "POST", "/rest/token", json={"cid": self.cid, "apicode": self.apicode}
        )
        body = json_body(response)
        try:
            token, expires_in = body["token"], int(body.get("expires_in", 7200))
        except (KeyError, TypeError, ValueError) as exc:
            raise UpstreamError("token answer without a token", permanent=False) from exc
        self.tokens.put(token, expires_in)
        return token

    # --- reads -----------------------------------------------------------------------------
    def status_updates(
        self, *, date: datetime.date | None = None, billnum: str = ""
    ) -> list[CaseSnapshot]:
        """Without arguments the next changes not yet recorded (at most 1000; what one call
        answers is consumed upstream, so store it before calling again); [] on 204. With a
        `date` or a `billnum` (documented: at most one), that day's or that invoice's changes,
        a read for single checks."""
        if date and billnum:
            raise ValueError("status updates take a date or a billnum, not both")
        params = {"date": date.isoformat()} if date else {"billnum": billnum} if billnum else {}
        response = self._authed("GET", "/rest/jobs/statusupdates", params=params)
        if response.status_code == 204:
            return []
        return self._snapshots(_status_items(json_body(response)))

    def get_job(self, jobid: str) -> CaseSnapshot:
        response = self._authed("GET", "/rest/jobs", params={"jobid": jobid})
        body = json_body(response)
        return case_snapshot(body[0] if isinstance(body, list) else body)

    def job_payments(self, jobid: str) -> tuple[dict, list[BookedPayment] | None]:
        """The job info as it came, and the payments booked on the job: None when the answer
        has no (readable) payment list, so it cannot tell what was booked."""
        response = self._authed("GET", "/rest/jobs", params={"jobid": int(jobid)})
        body = json_body(response)
        body = body[0] if isinstance(body, list) and body else body
        if not isinstance(body, dict):
            raise UpstreamError("the job answer is not an object", permanent=True)
        items = body.get(JOB_PAYMENTS_FIELD)
        if not isinstance(items, list):
            return body, None
        booked = [_booked(item) for item in items]
        return body, None if None in booked else booked

    def find_by_end_customer(
        self, identity_code: str, *, include_paid: bool = False
    ) -> list[EndCustomerJob]:
        """The person's jobs (documented `{"jobs": [JobByEndCustomer]}`): open ones, or paid
        ones too (Ropo leaves out those paid more than two years ago)."""
        body = {"ssn": identity_code, "all_invoices": 1 if include_paid else 0}
        response = self._authed("POST", "/rest/jobs/findbyendcustomer", json=body)
        data = json_body(response)
        items = data.get("jobs") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise UpstreamError("findbyendcustomer answer without a jobs list", permanent=False)
        jobs = [_end_customer_job(item) for item in items if isinstance(item, dict)]
        if len(jobs) != len(items):
            logger.error("ropo_one %s: skipped a job that is not an object", self.country)
        return jobs

    def letter_pdf(self, jobid: str, *, billnum: str, sent_on: datetime.date, kind: str) -> bytes:
        """One archived letter of the job as PDF (documented: `jobid`, `billnum`, `documentdate`
        (needs `billnum`), `documenttype`, `origdata` 1 = as originally sent). That the archive's
        document type is the letter's kind is the sandbox's assumption."""
        params = {
            "jobid": int(jobid),
            "billnum": billnum,
            "documentdate": sent_on.isoformat(),
            "documenttype": kind,
            "origdata": 1,
        }
        response = self._authed(
            "GET", "/rest/jobs/pdf", params=params, headers={"Accept": "application/pdf"}
        )
        if not response.content.startswith(b"%PDF"):
            raise UpstreamError("the letter answer is not a PDF", permanent=False)
        return response.content

    # --- writes ----------------------------------------------------------------------------
    def post_payment(
        self,
        *,
        jobid: str,
        amount: Decimal,
        paid_on: datetime.date,
        kind: str,
        description: str,
    ) -> PaymentReceipt:
        """A bypass payment or capital cancellation. Ropo One documents no idempotency key:
        every call books, so a caller whose answer was lost must ask before calling again
        (`job_payments`, matching the `description`)."""
        body = {
            "jobid": int(jobid),
            "amount": json_amount(amount),
            "paydate": paid_on.isoformat(),
            "type": PAYMENT_TYPES[kind],
            "description": description,
        }
        return _receipt(self._authed("POST", "/rest/jobs/payment", json=body))

    def post_dispute(self, *, jobid: str, action: str, idempotency_key: str, **fields: str) -> bool:
        """Hold (``action="open"``, with ``amount`` and ``reason``) or release (``"close"``, with
        ``outcome``) a disputed case; answers whether the case is on hold now."""
        body = {"jobid": jobid, "action": action, **fields}
        response = self._authed(
            "POST", "/rest/jobs/dispute", json=body, headers={"Idempotency-Key": idempotency_key}
        )
        data = json_body(response)
        if not isinstance(data, dict) or not isinstance(data.get("on_hold"), bool):
            raise UpstreamError("dispute answer is malformed", permanent=False)
        return data["on_hold"]

    def post_postponement(
        self, *, jobid: str, paydate: datetime.date, fee: Decimal, idempotency_key: str
    ) -> datetime.date:
        """Move the case's due date; answers the due date Ropo One now holds."""
        body = {"jobid": jobid, "paydate": paydate.isoformat(), "fee": str(fee)}
        response = self._authed(
            "POST", "/rest/jobs/postpone", json=body, headers={"Idempotency-Key": idempotency_key}
        )
        data = json_body(response)
        try:
            return datetime.date.fromisoformat(data["paydate"])
        except (KeyError, TypeError, ValueError) as exc:
            raise UpstreamError("postponement answer is malformed", permanent=False) from exc

    def post_payment_plan(
        self, *, jobid: str, action: str, idempotency_key: str, **fields
    ) -> list[tuple[datetime.date, Decimal]]:
        """Agree a plan (``action="agree"`` with ``fee`` and ``instalments``) or end a lapsed one
        (``"lapse"``); answers the instalments as agreed upstream (none for a lapse)."""
        body = {"jobid": jobid, "action": action, **fields}
        response = self._authed(
            "POST",
            "/rest/jobs/paymentplan",
            json=body,
            headers={"Idempotency-Key": idempotency_key},
        )
        data = json_body(response)
        try:
            return [
                (datetime.date.fromisoformat(i["due"]), Decimal(str(i["amount"])))
                for i in data.get("instalments") or []
            ]
        except (ArithmeticError, AttributeError, KeyError, TypeError, ValueError) as exc:
            raise UpstreamError("payment plan answer is malformed", permanent=False) from exc

    def _snapshots(self, body) -> list[CaseSnapshot]:
        if not isinstance(body, list):
            raise UpstreamError("expected a list of cases", permanent=False)
        snapshots = []
        for item in body:
            try:
                snapshots.append(case_snapshot(item))
            except UpstreamError:
                logger.error("ropo_one %s: skipped a malformed case snapshot", self.country)
        return snapshots
