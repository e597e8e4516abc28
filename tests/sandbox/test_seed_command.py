"""``seed_sandbox`` is idempotent, deterministic, and ``--reset`` rebuilds the same demo."""

from __future__ import annotations

from pathlib import Path

from tests.sandbox_process import SandboxProcess


def _identities(dump: dict) -> set[tuple[str, str, str]]:
    people = {(p["country"], p["identity_code"], p["name"]) for p in dump["people"]}
    companies = {(c["country"], c["business_id"], c["name"]) for c in dump["companies"]}
    return people | companies


def _case_facts(dump: dict) -> list[tuple]:
    return [
        (c["jobid"], c["billnum"], c["billcode"], c["stage"], c["status"], c["open_amount"])
        for c in dump["cases"]
    ]


def test_seeding_twice_keeps_the_same_counts_and_the_same_data(sandbox_server):
    before = sandbox_server.dump()
    counts_before = sandbox_server.get("/healthz").json()["counts"]

    output = sandbox_server.manage("seed_sandbox").stdout

    assert "created 0 creditors, 0 debtors, 0 cases" in output
    assert sandbox_server.get("/healthz").json()["counts"] == counts_before
    assert sandbox_server.dump() == before


def test_reset_rebuilds_the_same_identities_cases_and_credentials(
    tmp_path: Path, sandbox_template: Path
):
    # The template was seeded by another process: this also shows that two fresh sandboxes
    # seed the same demo logins, cases and credentials.
    sandbox = SandboxProcess(tmp_path, template=sandbox_template).prepare()
    before = sandbox.dump()

    output = sandbox.manage("seed_sandbox", "--reset").stdout
    after = sandbox.dump()

    assert "created 6 creditors, 30 debtors, 200 cases" in output
    assert _identities(after) == _identities(before)
    assert _case_facts(after) == _case_facts(before)
    assert after["creditors"] == before["creditors"]
