"""Eight debtors at once against `make run`'s configuration: browsing, paying and messaging for
BENCH_SECONDS (60 by default). Prints requests, 500s (must be 0), p50/p99 latency and the ratio
to a trivial view's figures measured with the same clients in the same run.

The configuration is the demo's: the embedded SQLite database (WAL, busy timeout, immediate
transactions, as `myropo/settings.py` sets them) in a scratch file, Django's threaded
development server as the Procfile starts it, the Celery worker with beat writing to the same
file, and the sandbox playing the outside systems (gateway, Ropo One), all on loopback ports
chosen at random. Nothing of `var/` is touched. The sandbox is not seeded, so Ropo One does
not know these cases and refuses what the worker sends (it still writes: attempts, dead
letters); the figures are about the portal holding concurrent use, not about upstream.

    .venv/bin/python bench/concurrent_clients.py

BENCH_CLIENTS (8), BENCH_SECONDS (60), BENCH_TRIVIAL_SECONDS (10), BENCH_WORKER (1: run the
Celery worker) change it. Exits 1 on any 500 or broken connection.
"""

import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLIENTS = min(int(os.environ.get("BENCH_CLIENTS", "8")), 10)  # tests' ten identity codes
SECONDS = float(os.environ.get("BENCH_SECONDS", "60"))
TRIVIAL_SECONDS = float(os.environ.get("BENCH_TRIVIAL_SECONDS", str(min(10.0, SECONDS / 3))))
WORKER = os.environ.get("BENCH_WORKER", "1") == "1"
INVOICES_EACH = 12
AMOUNTS = {"capital": Decimal("494.50"), "balance": Decimal("500.00")}  # room for many payments
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
INVOICE_LINK = re.compile(r'href="/invoices/([0-9A-Z]+)/"')

# The settings module the servers run with: the portal's (with the trivial view) and a broker
# folder of this run's own, so a developer's `make run` worker never sees these tasks.
SETTINGS = """\
from _trivial_settings import *  # noqa: F403

CELERY_BROKER_TRANSPORT_OPTIONS = {{
    "control_folder": "{broker}/control",
    "data_folder_in": "{broker}/queue",
    "data_folder_out": "{broker}/queue",
    "processed_folder": "{broker}/processed",
}}
"""


def environment(work: Path, sandbox_url: str, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_ENV")}
    env.update(
        DATABASE_URL=f"sqlite:///{work / 'portal.sqlite3'}",
        DJANGO_SETTINGS_MODULE="_bench_concurrent_settings",
        PYTHONPATH=os.pathsep.join([str(work), str(ROOT / "bench"), str(ROOT)]),
        PORTAL_BASE_URL=f"http://127.0.0.1:{port}",
        SANDBOX_URL=sandbox_url,
        ROPO_ONE_FI_URL=f"{sandbox_url}/fi",
        ROPO_ONE_SE_URL=f"{sandbox_url}/se",
        ROPO_ONE_NO_URL=f"{sandbox_url}/no",
        MAVENTA_URL=f"{sandbox_url}/maventa",
        PAYTRAIL_URL=f"{sandbox_url}/paytrail",
        PYTHONUNBUFFERED="1",
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def prepare(work: Path, env: dict[str, str]) -> list[str]:
    """Migrate the scratch database, give CLIENTS people INVOICES_EACH invoices each, and log
    each in with bank ID; returns their session cookies. Runs in a child process, so this
    process never holds the database open."""
    broker = work / "celery"
    for folder in ("control", "queue", "processed"):
        (broker / folder).mkdir(parents=True, exist_ok=True)
    (work / "_bench_concurrent_settings.py").write_text(SETTINGS.format(broker=broker))
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "createcachetable", "-v0"], cwd=ROOT, env=env, check=True)
    done = subprocess.run(
        [sys.executable, __file__, "--seed"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.split()


def seed() -> None:
    """(child process) The people, their invoices and their sessions; prints the cookies."""
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from invoices.services import apply_case_updates
    from tests.conftest import log_in, make_person
    from tests.invoices import snapshots

    cookies = []
    for number in range(CLIENTS):
        code = snapshots.PEOPLE[number]
        user = make_person(f"bench{number}@example.com", code)
        party = snapshots.debtor(number, name=f"Bench Person {number}")
        cases = [
            snapshots.case(800_000 + number * 100 + n, debtor=party, **AMOUNTS)
            for n in range(INVOICES_EACH)
        ]
        apply_case_updates(cases, source="bench")
        client = Client()
        log_in(client, user, how="bankid")
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    print(" ".join(cookies))


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def wait_until_up(url: str, server: subprocess.Popen, log: Path) -> None:
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            httpx.get(f"{url}/healthz", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit(f"the portal did not come up:\n{log.read_text(errors='replace')[-3000:]}")


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, 15)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.wait(timeout=5)


class Person:
    """One debtor's browser: a session cookie and what it has seen."""

    def __init__(self, portal: str, cookie: str, number: int, record) -> None:
        import httpx

        self.http = httpx.Client(base_url=portal, timeout=60, follow_redirects=False)
        self.http.cookies.set("sessionid", cookie, domain="127.0.0.1")
        self.random = random.Random(number)
        self.record = record
        self.invoices: list[str] = []
        self.thread = ""

    def get(self, kind: str, url: str):
        return self._timed(kind, "GET", url)

    def post(self, kind: str, url: str, data: dict, page: str):
        token = CSRF.search(page)
        data = {**data, "csrfmiddlewaretoken": token.group(1) if token else ""}
        return self._timed(
            kind, "POST", url, data=data, headers={"Referer": str(self.http.base_url)}
        )

    def _timed(self, kind: str, method: str, url: str, **kwargs):
        import httpx

        started = time.perf_counter()
        try:
            response = self.http.request(method, url, **kwargs)
            status = response.status_code
        except httpx.TransportError as exc:
            response, status = None, type(exc).__name__
        self.record(kind, status, time.perf_counter() - started)
        return response

    def browse(self) -> None:
        page = self.get("home", "/invoices/")
        if page is not None and page.status_code == 200:
            self.invoices = INVOICE_LINK.findall(page.text) or self.invoices
        if self.invoices:
            self.get("case page", f"/invoices/{self.random.choice(self.invoices)}/")
        self.get("search", "/invoices/?q=INV-8")

    def pay(self, sandbox) -> None:
        """Pay 5,00 € of one invoice at the sandbox bank and come back, as a person would."""
        if not self.invoices:
            return
        myropo_id = self.random.choice(self.invoices)
        case = self.get("case page", f"/invoices/{myropo_id}/")
        if case is None or case.status_code != 200:
            return
        data = {"amount": "5.00", "attempt": str(uuid.UUID(int=self.random.getrandbits(128)))}
        answer = self.post("pay", f"/invoices/{myropo_id}/pay/", data, case.text)
        if answer is None or answer.status_code != 302:
            return
        bank = sandbox.post(
            answer.headers["location"].rstrip("/") + "/nordea/", data={"action": "pay"}
        )
        back = bank.headers.get("location", "")
        if back.startswith(str(self.http.base_url)):
            back = back[len(str(self.http.base_url)) :]
        if back:
            self.get("payment return", back)
            self.get("case page", f"/invoices/{myropo_id}/")

    def message(self) -> None:
        if not self.thread:
            form = self.get("messages", "/messages/new/")
            if form is None or form.status_code != 200:
                return
            sent = self.post(
                "send message",
                "/messages/new/",
                {"subject": "A question", "body": "When is my payment booked?"},
                form.text,
            )
            if sent is not None and sent.status_code == 302:
                self.thread = sent.headers["location"]
            return
        page = self.get("messages", self.thread)
        if page is not None and page.status_code == 200:
            self.post("send message", self.thread, {"body": "Thank you."}, page.text)

    def act(self, sandbox) -> None:
        roll = self.random.random()
        if roll < 0.6 or not self.invoices:
            self.browse()
        elif roll < 0.8:
            self.pay(sandbox)
        else:
            self.message()


def run_clients(portal: str, cookies: list[str], sandbox_url: str, seconds: float, trivial: bool):
    """CLIENTS threads for `seconds`; returns [(kind, status, seconds)]."""
    import httpx

    results: list[tuple[str, object, float]] = []
    lock = threading.Lock()

    def record(kind, status, took):
        with lock:
            results.append((kind, status, took))

    deadline = time.monotonic() + seconds

    def one(number: int) -> None:
        person = Person(portal, cookies[number], number, record)
        with httpx.Client(base_url=sandbox_url, timeout=60) as sandbox:
            while time.monotonic() < deadline:
                if trivial:
                    person.get("trivial view", "/bench/trivial/")
                else:
                    person.act(sandbox)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(len(cookies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def report(results, base) -> int:
    took = [t for _, _, t in results]
    base_took = [t for _, _, t in base]
    errors = [(kind, status) for kind, status, _ in results + base if status == 500]
    broken = [(kind, s) for kind, s, _ in results + base if not isinstance(s, int)]
    by_kind: dict[str, int] = {}
    for kind, _, _ in results:
        by_kind[kind] = by_kind.get(kind, 0) + 1
    answers: dict[str, int] = {}
    for _, status, _ in results:
        answers[str(status)] = answers.get(str(status), 0) + 1
    p50, p99 = statistics.median(took), percentile(took, 0.99)
    base_p50, base_p99 = statistics.median(base_took), percentile(base_took, 0.99)
    print(f"clients x seconds:   {CLIENTS} x {SECONDS:g} s (worker: {'yes' if WORKER else 'no'})")
    print(f"requests:            {len(results)} ({len(results) / SECONDS:,.1f}/s)")
    print(f"by kind:             {dict(sorted(by_kind.items()))}")
    print(f"answers:             {dict(sorted(answers.items()))}")
    print(
        f"500s:                {len(errors)} (must be 0){'  ' + str(errors[:5]) if errors else ''}"
    )
    print(f"broken connections:  {len(broken)}")
    print(f"latency p50:         {p50 * 1000:.1f} ms")
    print(f"latency p99:         {p99 * 1000:.1f} ms")
    print(
        f"trivial view:        {len(base)} requests, p50 {base_p50 * 1000:.1f} ms, "
        f"p99 {base_p99 * 1000:.1f} ms"
    )
    print(f"ratio p50 / p99:     {p50 / base_p50:.1f} / {p99 / base_p99:.1f} (mix / trivial view)")
    return 1 if errors or broken else 0


def outbox_figures(work: Path) -> str:
    """What the worker did meanwhile: the outbox's events by status and delivery attempts."""
    import sqlite3

    with sqlite3.connect(work / "portal.sqlite3") as db:
        rows = db.execute(
            "SELECT status, COUNT(*), SUM(attempts) FROM integrations_outboxevent GROUP BY status"
        ).fetchall()
    counts = {status: count for status, count, _ in rows}
    return f"{counts}, {sum(attempts or 0 for *_, attempts in rows)} delivery attempts"


def main() -> None:
    from tests.sandbox_process import SandboxProcess, free_port

    work = Path(tempfile.mkdtemp(prefix="bench-concurrent-"))
    portal = worker = None
    try:
        with SandboxProcess(work / "sandbox", seed=False) as sandbox:
            port = free_port()
            env = environment(work, sandbox.url, port)
            cookies = prepare(work, env)
            manage = [sys.executable, str(ROOT / "manage.py")]
            portal_log = work / "portal.log"
            # As the Procfile starts them: the threaded development server, one worker with beat.
            portal = start(
                [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], env, portal_log
            )
            if WORKER:
                celery = [sys.executable, "-m", "celery", "-A", "myropo", "worker", "--beat"]
                celery += ["--loglevel", "WARNING", "--concurrency", "2"]
                celery += ["--schedule", str(work / "celerybeat-schedule")]
                worker = start(celery, env, work / "worker.log")
            url = f"http://127.0.0.1:{port}"
            wait_until_up(url, portal, portal_log)
            results = run_clients(url, cookies, sandbox.url, SECONDS, trivial=False)
            base = run_clients(url, cookies, sandbox.url, TRIVIAL_SECONDS, trivial=True)
    finally:
        stop(worker)
        stop(portal)
    status = report(results, base)
    print(f"outbox (the worker): {outbox_figures(work)}")
    if status:
        log = (work / "portal.log").read_text(errors="replace")
        print(log[-4000:], file=sys.stderr)
    else:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(status)


if __name__ == "__main__":
    if sys.argv[1:] == ["--seed"]:
        seed()
    else:
        main()
