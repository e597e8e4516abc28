"""Creditor dashboard on a million cases: median server time and query count.

Runs on PostgreSQL (DATABASE_URL) in a scratch database it creates and drops
(`bench_myropo_creditors`). One creditor gets BENCH_CASES cases (default 1,000,000) spread over
stages, statuses, currencies and two years of due dates; four other creditors get BENCH_NOISE
cases between them. Rows are made inside PostgreSQL with `INSERT ... SELECT generate_series`.
The dashboard reads stored figures (`CaseFigure`), which the beat task rebuilds every few
minutes; the script times one rebuild, then requests each page in-process through Django's test
client (middleware, session, template and all) BENCH_RUNS times after one warm-up and prints
the median and the query count, and last times the live computation (no stored figures).

    DATABASE_URL=postgres://myropo:myropo@127.0.0.1:5432/myropo .venv/bin/python \
        bench/creditor_dashboard.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myropo.settings")

CASES = int(os.environ.get("BENCH_CASES", "1000000"))
NOISE = int(os.environ.get("BENCH_NOISE", "200000"))
RUNS = int(os.environ.get("BENCH_RUNS", "15"))
# BENCH_KEEP=1 leaves the scratch database in place (to look at query plans); drop it after.
DEBTORS = 5000

# Stage, status and amounts follow from the row number n, so the mix is fixed and repeatable:
# 1 in 4 cases is paid (closed), the rest open across five stages; due dates cover two years.
INSERT_CASES = """
INSERT INTO invoices_invoice (
    myropo_id, creditor_id, debtor_id, invoice_number, reference, description, country,
    currency, capital, fees, interest, paid, balance, invoice_date, due_date, status, stage,
    collection_status, upstream_system, upstream_id, upstream_version, content_digest,
    upstream_updated_at, synced_at, created_at, updated_at, collection_paused)
SELECT
    %(prefix)s || lpad(n::text, 9, '0'),
    %(creditor)s,
    %(first_debtor)s + n %% %(debtors)s,
    'INV-' || n, '1232', '', 'FI',
    CASE WHEN n %% 10 = 0 THEN 'SEK' ELSE 'EUR' END,
    100 + n %% 400, 5, (n %% 7)::numeric / 2,
    CASE WHEN n %% 4 = 0 THEN 105 + n %% 400 + (n %% 7)::numeric / 2 ELSE 0 END,
    CASE WHEN n %% 4 = 0 THEN 0 ELSE 105 + n %% 400 + (n %% 7)::numeric / 2 END,
    current_date - 760 + n %% 730 - 14,
    current_date - 730 + n %% 730,
    CASE WHEN n %% 4 = 0 THEN 'paid' ELSE 'open' END,
    CASE WHEN n %% 4 = 0 THEN 'closed'
         ELSE (ARRAY['invoice', 'reminder', 'collection', 'legal', 'payment_plan'])[1 + n %% 5]
    END,
    '', 'ropo_one', %(prefix)s || n, 1, '',
    (current_date - 730 + n %% 730 + n %% 60)::timestamptz,
    now(), now(), now(), false
FROM generate_series(1, %(count)s) AS n
"""


def make_data():
    from django.db import connection

    from accounts.models import User
    from creditors.services import add_member
    from invoices.models import Creditor, DebtorParty

    creditors = [
        Creditor.objects.create(
            name=f"Bench creditor {i}",
            business_id=f"{1000000 + i}-{i}",
            country="FI",
            currency="EUR",
        )
        for i in range(5)
    ]
    DebtorParty.objects.bulk_create(
        DebtorParty(kind="person", name=f"Debtor {n}", country="FI") for n in range(DEBTORS)
    )
    first_debtor = DebtorParty.objects.order_by("pk").values_list("pk", flat=True).first()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        plan = [(creditors[0], CASES, "A")] + [
            (c, NOISE // 4, chr(ord("B") + i)) for i, c in enumerate(creditors[1:])
        ]
        for creditor, count, prefix in plan:
            cursor.execute(
                INSERT_CASES,
                {
                    "prefix": prefix,
                    "creditor": creditor.pk,
                    "first_debtor": first_debtor,
                    "debtors": DEBTORS,
                    "count": count,
                },
            )
        cursor.execute("ANALYZE invoices_invoice")
    print(f"rows made:               {CASES + NOISE:,} in {time.perf_counter() - started:.0f} s")
    user = User.objects.create_user(email="bench@example.com", password="x" * 16)
    add_member(user, creditors[0], role="manager")
    return creditors[0], user


def logged_in_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "mfa", "type": "webauthn", "passwordless": True, "at": time.time()}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def measure(client, url: str, **headers) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url, **headers).status_code == 200, url  # warm-up
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url, **headers)
        times.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **headers)
    app_queries = sum("invoices_" in q["sql"] or "creditors_" in q["sql"] for q in queries)
    assert response.status_code == 200
    return statistics.median(times) * 1000, len(queries), app_queries


def figures_only(creditor, *, live: bool = False) -> float:
    """The selector without the web stack (median of RUNS)."""
    import datetime

    from creditors.selectors import key_figures

    today = datetime.date.today()
    period = {"currency": "EUR", "start": today - datetime.timedelta(days=365), "end": today}
    times = []
    for _ in range(3 if live else RUNS):
        started = time.perf_counter()
        key_figures(creditor, live=live, **period)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    import django
    from django.conf import settings
    from django.test.utils import get_runner, setup_test_environment

    django.setup()
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("bench/creditor_dashboard.py needs PostgreSQL: set DATABASE_URL=postgres://...")
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = "bench_myropo_creditors"
    setup_test_environment()
    runner = get_runner(settings)(verbosity=0, interactive=False, keepdb=False)
    old_config = runner.setup_databases()
    try:
        from creditors.services import create_api_token

        creditor, user = make_data()
        from creditors.services import refresh_case_figures

        started = time.perf_counter()
        stored = refresh_case_figures(creditor)
        refresh = time.perf_counter() - started
        client = logged_in_client(user)
        _token, key = create_api_token(creditor, name="bench", scope="read")
        base = f"/creditor/{creditor.public_id}"
        pages = [
            ("dashboard (EUR, 1 year)", f"{base}/", {}),
            (
                "dashboard (SEK, 2 years)",
                f"{base}/?currency=SEK&start=2024-12-01&end=2026-12-31",
                {},
            ),
            ("assignments, page 1", f"{base}/assignments/", {}),
            ("assignments, filtered", f"{base}/assignments/?stage=legal&debtor_name=tor 12", {}),
            ("API overview", "/api/v1/overview/", {"HTTP_AUTHORIZATION": f"Bearer {key}"}),
        ]
        print(f"cases of the creditor:   {CASES:,} (+{NOISE:,} of four others)")
        print(
            f"stored figures rebuilt:  {stored:,} rows in {refresh * 1000:.0f} ms (the beat task)"
        )
        print(f"runs per page:           {RUNS} (median shown)")
        for name, url, headers in pages:
            median, total, app = measure(client, url, **headers)
            print(f"{name:<25}{median:8.0f} ms   {total} queries ({app} on cases/creditors)")
        print(f"key_figures(), stored:   {figures_only(creditor):8.0f} ms")
        print(f"key_figures(), live:     {figures_only(creditor, live=True):8.0f} ms")
    finally:
        if not os.environ.get("BENCH_KEEP"):
            runner.teardown_databases(old_config)


if __name__ == "__main__":
    main()
