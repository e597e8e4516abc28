"""Every script in bench/ runs at a small size inside the suite, so none can rot unseen.

The figures are not asserted (the machine is noisy); each run must finish, exit 0 and print the
lines that carry its figures. Full sizes stay manual (bench/README.md).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"

# script -> (small sizes, needs PostgreSQL, text every run must print)
SMOKE = {
    "assistant.py": ({}, False, "right overall:"),
    "callbacks.py": ({"BENCH_PAYMENTS": "5", "BENCH_COPIES": "4"}, True, "p99 ratio:"),
    "concurrent_clients.py": (
        {"BENCH_SECONDS": "3", "BENCH_TRIVIAL_SECONDS": "1"},
        False,
        "500s:                0 (must be 0)",
    ),
    "creditor_dashboard.py": (
        {"BENCH_CASES": "2000", "BENCH_NOISE": "400", "BENCH_RUNS": "2"},
        True,
        "key_figures(), live:",
    ),
    "debtor_pages.py": ({"BENCH_INVOICES": "30", "BENCH_ROUNDS": "3"}, True, "trivial view"),
    "metrics_overhead.py": ({"BENCH_ROUNDS": "2", "BENCH_BATCH": "20"}, False, "overhead ratio:"),
    "sync.py": ({"BENCH_UPDATES": "2000"}, True, "bare UPDATE (floor):"),
}


def test_every_bench_script_has_a_smoke_size():
    scripts = [p.name for p in BENCH.glob("*.py") if not p.name.startswith("_")]
    assert sorted(scripts) == sorted(SMOKE)


@pytest.mark.parametrize("script", sorted(SMOKE))
def test_bench_script_runs_at_a_small_size(script):
    sizes, needs_postgres, expected = SMOKE[script]
    url = os.environ.get("DATABASE_URL", "")
    if needs_postgres and not url.startswith("postgres"):
        pytest.skip("runs on PostgreSQL (DATABASE_URL)")
    env = {**os.environ, **sizes}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    done = subprocess.run(
        [sys.executable, str(BENCH / script)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert expected in done.stdout, done.stdout[-3000:]
