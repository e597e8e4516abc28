"""Sync throughput: 100,000 status updates through `apply_case_updates`, against COPY.

Runs on PostgreSQL (DATABASE_URL) in a scratch database it creates and drops. Prints updates
per second for (a) first sight of 100,000 cases, (b) the same 100,000 cases changed again, and
the ratio of (b) to a plain COPY of the same rows into a scratch table.

    DATABASE_URL=postgres://myropo:myropo@127.0.0.1:5432/myropo .venv/bin/python bench/sync.py
"""

import datetime
import io
import os
import sys
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myropo.settings")

UPDATES = int(os.environ.get("BENCH_UPDATES", "100000"))
BATCH = 1000  # one page of Ropo One's status-update feed
DEBTORS = 20000


def person_codes(count: int) -> list[str]:
    """Valid Finnish personal identity codes (henkilötunnus), distinct."""
    from stdnum.fi import hetu

    checks = "0123456789ABCDEFHJKLMNPRSTUVWXY"
    codes, day = [], datetime.date(1950, 1, 1)
    while len(codes) < count:
        for individual in range(2, 900, 7):
            body = f"{day:%d%m%y}{individual:03d}"
            code = f"{day:%d%m%y}-{individual:03d}{checks[int(body) % 31]}"
            if hetu.is_valid(code):
                codes.append(code)
            if len(codes) == count:
                break
        day += datetime.timedelta(days=1)
    return codes


def snapshots(count: int, codes: list[str]):
    from invoices.snapshots import CaseSnapshot, CreditorSnapshot, DebtorSnapshot, RowSnapshot

    creditors = [
        CreditorSnapshot(f"Creditor {n}", f"{1000000 + n}-{n % 10}", "FI", "EUR") for n in range(5)
    ]
    debtors = [
        DebtorSnapshot("person", f"Person {n}", code, "FI", "Street 1", "00100", "Helsinki")
        for n, code in enumerate(codes)
    ]
    row = RowSnapshot("Service", Decimal("1"), Decimal("80.65"), Decimal("24"), Decimal("100.00"))
    for n in range(count):
        yield CaseSnapshot(
            upstream_system="ropo_one",
            upstream_id=f"FI:{5_000_000 + n}",
            version=1,
            updated_at=None,
            country="FI",
            currency="EUR",
            invoice_number=f"INV-{n}",
            reference="1232",
            description="Service",
            capital=Decimal("100.00"),
            fees=Decimal("5.00"),
            interest=Decimal("0.50"),
            paid=Decimal("0.00"),
            balance=Decimal("105.50"),
            invoice_date=datetime.date(2026, 9, 1),
            due_date=datetime.date(2026, 9, 15),
            status="open",
            stage="reminder",
            collection_status="reminder_sent",
            creditor=creditors[n % len(creditors)],
            debtor=debtors[n % len(debtors)],
            rows=(row,),
        )


def run_sync(batch_source) -> float:
    from invoices.services import apply_case_updates

    started = time.perf_counter()
    batch = []
    for snap in batch_source:
        batch.append(snap)
        if len(batch) == BATCH:
            apply_case_updates(batch, source="bench")
            batch = []
    if batch:
        apply_case_updates(batch, source="bench")
    return time.perf_counter() - started


def copy_seconds(all_snaps) -> float:
    """COPY the same rows (the invoice columns) into an unindexed scratch table."""
    from django.db import connection

    buffer = io.StringIO()
    for s in all_snaps:
        buffer.write(
            f"{s.upstream_id}\t{s.version}\t{s.invoice_number}\t{s.reference}\t{s.capital}\t"
            f"{s.fees}\t{s.interest}\t{s.paid}\t{s.balance}\t{s.invoice_date}\t{s.due_date}\t"
            f"{s.status}\t{s.stage}\t{s.collection_status}\t{s.debtor.identity_code}\n"
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_copy (upstream_id text, version bigint, number text, "
            "reference text, capital numeric, fees numeric, interest numeric, paid numeric, "
            "balance numeric, invoice_date date, due_date date, status text, stage text, "
            "collection_status text, identity text)"
        )
        data = buffer.getvalue()
        started = time.perf_counter()
        with cursor.copy("COPY bench_copy FROM STDIN") as copy:
            copy.write(data)
        return time.perf_counter() - started


def main() -> None:
    import django
    from django.conf import settings
    from django.test.utils import get_runner

    django.setup()
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("bench/sync.py needs PostgreSQL: set DATABASE_URL=postgres://...")
    # A scratch database of its own, so a test run at the same time is not disturbed.
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = "bench_myropo_sync"
    runner = get_runner(settings)(verbosity=0, interactive=False, keepdb=False)
    old_config = runner.setup_databases()
    try:
        codes = person_codes(DEBTORS)
        first = list(snapshots(UPDATES, codes))
        t_first = run_sync(first)
        changed = [replace(s, version=2, stage="collection", fees=Decimal("29.00")) for s in first]
        t_changed = run_sync(changed)
        t_copy = copy_seconds(changed)
    finally:
        runner.teardown_databases(old_config)
    print(f"updates:                 {UPDATES}")
    print(f"first sight:             {UPDATES / t_first:,.0f} updates/s ({t_first:.1f} s)")
    print(f"changed again:           {UPDATES / t_changed:,.0f} updates/s ({t_changed:.1f} s)")
    print(f"COPY of the same rows:   {UPDATES / t_copy:,.0f} rows/s ({t_copy:.2f} s)")
    print(f"ratio (changed / COPY):  {t_copy / t_changed:.3f}")


if __name__ == "__main__":
    main()
