"""What the metrics middleware (myropo.metrics.RequestMetricsMiddleware) costs a request.

The trivial view (bench/_trivial_urls.py) behind the portal's whole middleware stack, through
Django's handler in this process (no network), once with the metrics middleware and once
without; the two are requested in alternating rounds, timed in this process's CPU time.
The view touches no database, so this runs on the default settings.

    .venv/bin/python bench/metrics_overhead.py

Target (issue #23): the middleware adds under 5 % to the trivial view. BENCH_ROUNDS and
BENCH_BATCH change the sizes.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ["DJANGO_SETTINGS_MODULE"] = "_trivial_settings"

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "40"))
BATCH = int(os.environ.get("BENCH_BATCH", "250"))
URL = "/bench/trivial/"
MIDDLEWARE = "myropo.metrics.RequestMetricsMiddleware"


def client_with(middleware: list[str]):
    """A test client whose handler has loaded `middleware` (it is read on the first request)."""
    from django.test import Client, override_settings

    client = Client()
    with override_settings(MIDDLEWARE=middleware):
        assert client.get(URL).status_code == 200
    return client


def batch_us(client) -> float:
    """CPU microseconds of this process per request over one batch (the machine is shared:
    wall time would count other processes' turns)."""
    started = time.process_time()
    for _ in range(BATCH):
        client.get(URL)
    return (time.process_time() - started) / BATCH * 1e6


def main() -> None:
    import django
    from django.conf import settings

    django.setup()
    settings.ALLOWED_HOSTS = ["testserver"]
    assert settings.MIDDLEWARE[0] == MIDDLEWARE, "the metrics middleware comes first"
    clients = {
        "with metrics": client_with(settings.MIDDLEWARE),
        "without": client_with([m for m in settings.MIDDLEWARE if m != MIDDLEWARE]),
    }
    for client in clients.values():  # warm up
        batch_us(client)
    times: dict[str, list[float]] = {name: [] for name in clients}
    for n in range(ROUNDS):
        order = list(clients.items())
        for name, client in order if n % 2 else reversed(order):
            times[name].append(batch_us(client))
    with_metrics, without = (statistics.median(times[name]) for name in clients)
    print(f"trivial view, {ROUNDS} rounds of {BATCH} requests (median CPU µs per request)")
    print(f"{'with metrics':<14}{with_metrics:>10.1f}")
    print(f"{'without':<14}{without:>10.1f}")
    ratio = with_metrics / without
    print(f"overhead ratio: {ratio:.3f} ({(ratio - 1) * 100:+.1f} %)")


if __name__ == "__main__":
    main()
