"""Server time of the debtor's pages with 500 invoices, against a trivial view in the same run.

Runs on PostgreSQL (DATABASE_URL) in a scratch database it creates and drops. A debtor with
500 invoices (each with a row and two letters) is logged in with bank ID; each page is
requested through Django's whole handler (middleware, sessions, templates) in this process,
so the figure is server time without the network. The trivial view is a one-line view
mounted by this script only, behind the same middleware.

    DATABASE_URL=postgres://myropo:myropo@127.0.0.1:5432/myropo \
        .venv/bin/python bench/debtor_pages.py

Targets (issue #5): home median under 40 ms, ratio to the trivial view under 6.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myropo.settings")

INVOICES = int(os.environ.get("BENCH_INVOICES", "500"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))


def trivial(request):
    from django.http import HttpResponse

    return HttpResponse("ok")


# This module doubles as the URLconf: the portal's routes plus the trivial view.
urlpatterns: list = []


def _urls() -> None:
    from django.urls import include, path

    urlpatterns[:] = [path("bench/trivial/", trivial), path("", include("myropo.urls"))]


def median_ms(client, url: str) -> tuple[float, float]:
    for _ in range(10):  # warm caches and templates
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    import django
    from django.conf import settings

    django.setup()
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("bench/debtor_pages.py needs PostgreSQL: set DATABASE_URL=postgres://...")
    from django.test.utils import get_runner, override_settings

    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = "bench_myropo_pages"
    settings.ALLOWED_HOSTS = ["testserver"]
    runner = get_runner(settings)(verbosity=0, interactive=False, keepdb=False)
    old_config = runner.setup_databases()
    try:
        with override_settings(ROOT_URLCONF=__name__, DEBUG=False):
            _urls()
            figures = measure()
    finally:
        runner.teardown_databases(old_config)
    trivial_ms = figures.pop("trivial view")[0]
    print(f"invoices: {INVOICES}, requests per page: {ROUNDS}")
    print(f"{'page':<16}{'median ms':>10}{'p95 ms':>9}{'ratio':>8}")
    print(f"{'trivial view':<16}{trivial_ms:>10.2f}")
    for name, (median, p95) in figures.items():
        print(f"{name:<16}{median:>10.2f}{p95:>9.2f}{median / trivial_ms:>8.1f}")


def measure() -> dict[str, tuple[float, float]]:
    from django.test import Client
    from django.urls import reverse

    from invoices.models import Invoice
    from invoices.services import apply_case_updates
    from tests.conftest import log_in, make_person
    from tests.invoices.snapshots import case
    from tests.invoices.snapshots import debtor as party

    batch = [case(n, debtor=party(0)) for n in range(1, INVOICES + 1)]
    for start in range(0, len(batch), 250):
        apply_case_updates(batch[start : start + 250], source="bench")
    user = make_person("bench@example.com", "131052-308T")
    client = Client()
    log_in(client, user, how="bankid")
    invoice = Invoice.objects.order_by("pk")[INVOICES // 2]
    pages = {
        "trivial view": "/bench/trivial/",
        "home": reverse("invoices:home"),
        "case page": reverse("invoices:detail", args=[invoice.myropo_id]),
        "archive": reverse("invoices:archive"),
        "search": reverse("invoices:home") + f"?q={invoice.invoice_number}",
    }
    return {name: median_ms(client, url) for name, url in pages.items()}


if __name__ == "__main__":
    main()
