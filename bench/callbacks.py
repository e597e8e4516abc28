"""Callback storm: 50 concurrent copies of the same gateway callback for each of 200 payments,
against the portal served by gunicorn on loopback. Prints requests/s, p50/p99 latency and
bookings (must equal the number of payments).

Runs on PostgreSQL (DATABASE_URL) in a scratch database it creates and drops
(bench_myropo_callbacks); the gateway is the sandbox (its own process and SQLite file).

    DATABASE_URL=postgres://myropo:myropo@127.0.0.1:5432/myropo .venv/bin/python bench/callbacks.py

BENCH_PAYMENTS and BENCH_COPIES change the sizes; BENCH_WORKERS/BENCH_THREADS gunicorn's.
"""

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myropo.settings")

PAYMENTS = int(os.environ.get("BENCH_PAYMENTS", "200"))
COPIES = int(os.environ.get("BENCH_COPIES", "50"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "8"))
SCRATCH_DB = "bench_myropo_callbacks"


def scratch_database_url() -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{SCRATCH_DB}"))


def prepare_payments(sandbox, portal_url: str) -> list[str]:
    """PAYMENTS open invoices, each with an attempt paid at the sandbox bank; their callbacks."""
    import httpx

    from invoices.models import Invoice
    from invoices.selectors import with_amount_due
    from invoices.services import apply_case_updates
    from payments import services
    from tests.conftest import make_person
    from tests.invoices import snapshots

    make_person("bench@example.com", snapshots.PEOPLE[0])
    for start in range(0, PAYMENTS, 100):
        apply_case_updates(
            [snapshots.case(900_000 + n) for n in range(start, min(start + 100, PAYMENTS))]
        )
    urls = services.ReturnUrls(*(f"{portal_url}/payments/{p}/" for p in ("a", "b", "c", "d")))
    callbacks = []
    with httpx.Client(timeout=30) as http:
        for invoice in with_amount_due(Invoice.objects.order_by("pk")):
            payment = services.start_payment(
                invoice,
                amount=invoice.balance,
                idempotency_key=uuid.uuid4().hex,
                email="bench@example.com",
                language="fi",
            )
            href = services.open_at_gateway(payment, urls=urls)
            answer = http.post(href + "nordea/", data={"action": "pay"}, follow_redirects=False)
            query = urlsplit(answer.headers["location"]).query
            callbacks.append(f"{portal_url}/payments/callback/success/?{query}")
    return callbacks


def start_portal(port: int, sandbox_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": scratch_database_url(),
        "PAYTRAIL_URL": f"{sandbox_url}/paytrail",
        "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
        "DEBUG": "false",
        "DB_CONN_MAX_AGE": "60",  # persistent connections, as in production
        # The portal's settings plus one trivial view, the baseline under the same server.
        "DJANGO_SETTINGS_MODULE": "_trivial_settings",
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "myropo.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={WORKERS}",
        f"--threads={THREADS}",
        "--worker-class=gthread",
        "--log-level=warning",
        "--timeout=120",
        f"--pythonpath={ROOT / 'bench'},{ROOT}",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            httpx.get(f"{url}/healthz", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("the portal did not come up under gunicorn")


async def storm(callbacks: list[str]) -> tuple[list[float], list, float]:
    import httpx

    latencies: list[float] = []
    statuses: list = []
    # A fresh connection per callback, as separate deliveries from a gateway would come.
    limits = httpx.Limits(max_connections=COPIES, max_keepalive_connections=0)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:

        async def one(url: str) -> None:
            started = time.perf_counter()
            try:
                statuses.append((await http.get(url)).status_code)
            except httpx.TransportError as exc:
                statuses.append(type(exc).__name__)
            latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        for url in callbacks:
            await asyncio.gather(*(one(url) for _ in range(COPIES)))
        return latencies, statuses, time.perf_counter() - started


def p99(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def main() -> None:
    import django
    from django.conf import settings
    from django.test.utils import get_runner

    django.setup()
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("bench/callbacks.py needs PostgreSQL: set DATABASE_URL=postgres://...")
    from invoices.models import ReportedPayment
    from payments.models import Booking
    from tests.sandbox_process import SandboxProcess, free_port

    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = SCRATCH_DB
    runner = get_runner(settings)(verbosity=0, interactive=False, keepdb=False)
    old_config = runner.setup_databases()
    server = None
    try:
        with SandboxProcess(tempfile.mkdtemp(prefix="bench-gateway-"), seed=False) as sandbox:
            sandbox.post("/paytrail/knobs", json={"send_callbacks": False})
            settings.PAYTRAIL_URL = f"{sandbox.url}/paytrail"
            port = free_port()
            portal_url = f"http://127.0.0.1:{port}"
            callbacks = prepare_payments(sandbox, portal_url)
            server = start_portal(port, sandbox.url)
            wait_until_up(portal_url, server)
            latencies, statuses, seconds = asyncio.run(storm(callbacks))
            # The same number of requests, as many at once, to a view that does nothing.
            trivial = [f"{portal_url}/bench/trivial/"] * len(callbacks)
            base_latencies, base_statuses, base_seconds = asyncio.run(storm(trivial))
        bookings = Booking.objects.count()
        reported = ReportedPayment.objects.count()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        runner.teardown_databases(old_config)
    answers = {code: statuses.count(code) for code in sorted(set(statuses), key=str)}
    print(f"payments x copies:   {PAYMENTS} x {COPIES} = {len(statuses)} callbacks")
    print(f"gunicorn:            {WORKERS} workers x {THREADS} threads (gthread)")
    print(f"requests/s:          {len(statuses) / seconds:,.0f} ({seconds:.1f} s)")
    print(f"latency p50:         {statistics.median(latencies) * 1000:.1f} ms")
    print(f"latency p99:         {p99(latencies) * 1000:.1f} ms")
    base_rate, base_p99 = len(base_statuses) / base_seconds, p99(base_latencies)
    print(f"trivial view:        {base_rate:,.0f} requests/s, p99 {base_p99 * 1000:.1f} ms")
    print(f"p99 ratio:           {p99(latencies) / base_p99:.2f} (callbacks / trivial view)")
    print(f"answers:             {answers}")
    print(f"bookings:            {bookings} (reported payments: {reported}; must be {PAYMENTS})")
    if bookings != PAYMENTS or reported != PAYMENTS:
        sys.exit(1)


if __name__ == "__main__":
    main()
