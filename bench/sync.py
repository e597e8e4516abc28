"""Sync throughput: 100,000 status updates through `apply_case_updates`, against COPY.

Runs on PostgreSQL (DATABASE_URL) in a scratch database it creates and drops. Prints updates
per second for (a) first sight of 100,000 cases, (b) the same 100,000 cases changed again (new
stage and fees), (c) a day's interest added to each (no indexed column changes), and the
ratio of (b) to a plain COPY of the same rows into scratch tables and to a bare UPDATE.

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


def _median(samples: list[float]) -> float:
    return sorted(samples)[len(samples) // 2]


def copy_seconds(*, indexed: bool, repeat: int = 3) -> float:
    """COPY the rows the sync wrote (every invoice column it writes, as stored) into a fresh,
    ordinary (WAL-logged, like the replica) scratch table: bare, or with the replica table's
    indexes and constraints (`LIKE ... INCLUDING ALL`, foreign keys aside). Median of
    `repeat` runs (a checkpoint landing in one run moves it a lot)."""
    from django.db import connection, transaction

    from invoices.sync import INVOICE_COLUMNS

    cols = ", ".join(INVOICE_COLUMNS)
    buffer = io.BytesIO()
    samples = []
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY (SELECT {cols} FROM invoices_invoice) TO STDOUT") as copy:  # noqa: S608
            for data in copy:
                buffer.write(data)
        data = buffer.getvalue()
        for _ in range(repeat):
            cursor.execute("DROP TABLE IF EXISTS bench_copy")
            if indexed:
                cursor.execute("CREATE TABLE bench_copy (LIKE invoices_invoice INCLUDING ALL)")
            else:
                cursor.execute(
                    f"CREATE TABLE bench_copy AS SELECT {cols} FROM invoices_invoice WITH NO DATA"  # noqa: S608
                )
            started = time.perf_counter()
            with transaction.atomic(), cursor.copy(f"COPY bench_copy ({cols}) FROM STDIN") as copy:
                copy.write(data)
            samples.append(time.perf_counter() - started)
        cursor.execute("DROP TABLE bench_copy")
    return _median(samples)


def update_floor_seconds() -> float:
    """The floor for any sync that updates the replica in place: a bare SQL UPDATE of the
    same rows (every column the sync updates) from a prepared table, by primary key, in
    transactions of one feed page each, with none of the sync's reading, checking or COPY."""
    from django.db import connection, transaction

    from invoices.sync import INSERT_ONLY, INVOICE_COLUMNS

    sets = ", ".join(f"{c} = s.{c}" for c in INVOICE_COLUMNS if c not in INSERT_ONLY)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_next AS SELECT * FROM invoices_invoice;"
            "UPDATE bench_next SET upstream_version = upstream_version + 1, stage = 'legal';"
            "ALTER TABLE bench_next ADD PRIMARY KEY (id); ANALYZE bench_next; "
            "ANALYZE invoices_invoice"
        )
        cursor.execute("SELECT min(id), max(id) FROM bench_next")
        low, high = cursor.fetchone()
        started = time.perf_counter()
        for first in range(low, high + 1, BATCH):
            with transaction.atomic():
                cursor.execute(
                    f"UPDATE invoices_invoice i SET {sets} FROM bench_next s "  # noqa: S608
                    "WHERE i.id = s.id AND s.id BETWEEN %s AND %s",
                    [first, first + BATCH - 1],
                )
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_next")
    return seconds


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
        # The commonest change: a day's interest, nothing any index covers.
        accrued = [
            replace(
                s,
                version=3,
                interest=s.interest + Decimal("0.02"),
                balance=s.balance + Decimal("0.02"),
            )
            for s in changed
        ]
        t_accrued = run_sync(accrued)
        t_bare = copy_seconds(indexed=False)
        t_indexed = copy_seconds(indexed=True)
        t_floor = update_floor_seconds()
    finally:
        runner.teardown_databases(old_config)
    figures = [
        ("updates", f"{UPDATES}"),
        ("first sight", f"{UPDATES / t_first:,.0f} updates/s ({t_first:.1f} s)"),
        ("changed again", f"{UPDATES / t_changed:,.0f} updates/s ({t_changed:.1f} s)"),
        ("interest accrued", f"{UPDATES / t_accrued:,.0f} updates/s ({t_accrued:.1f} s)"),
        ("COPY, bare scratch table", f"{UPDATES / t_bare:,.0f} rows/s ({t_bare:.2f} s)"),
        (
            "COPY, scratch table with indexes",
            f"{UPDATES / t_indexed:,.0f} rows/s ({t_indexed:.2f} s)",
        ),
        ("bare UPDATE (floor)", f"{UPDATES / t_floor:,.0f} rows/s ({t_floor:.2f} s)"),
        ("ratio (changed / bare COPY)", f"{t_bare / t_changed:.3f}"),
        ("ratio (changed / indexed COPY)", f"{t_indexed / t_changed:.3f}"),
        ("ratio (bare UPDATE / bare COPY)", f"{t_bare / t_floor:.3f}"),
    ]
    for label, figure in figures:
        print(f"{label + ':':34}{figure}")


if __name__ == "__main__":
    main()
