"""``python sandbox/manage.py seed_sandbox [--reset]``: demo creditors, people, companies, cases."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from sandbox.engine.models import Debtor, DebtorKind
from sandbox.engine.seed.writer import SeedReport, seed

DEMO_LOGINS = ("aino.virtanen@example.com", "erik.andersson@example.com", "ole.hansen@example.com")


class Command(BaseCommand):
    help = "Create the sandbox's demo data (idempotent). --reset wipes the case engine first."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Delete all sandbox data (and the clock) first."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = seed(reset=options["reset"])
        self._summary(report)

    def _summary(self, report: SeedReport) -> None:
        created = ", ".join(f"{report.created[k]} {k}" for k in ("creditors", "debtors", "cases"))
        self.stdout.write(
            self.style.SUCCESS(f"Sandbox seeded for {report.today}: created {created}.")
        )
        totals = ", ".join(f"{n} {name}" for name, n in report.totals.items())
        self.stdout.write(f"Totals: {totals}.")
        self.stdout.write("Cases by country: " + _fmt(report.countries))
        self.stdout.write("Cases by stage:   " + _fmt(report.stages))
        self.stdout.write("Cases by status:  " + _fmt(report.statuses))
        self.stdout.write("Demo logins:")
        people = Debtor.objects.filter(kind=DebtorKind.PERSON, email__in=DEMO_LOGINS)
        for person in people.order_by("country"):
            self.stdout.write(
                f"  {person.name:<16} {person.country} {person.identity_code:<14} {person.email}"
            )


def _fmt(counter: dict[str, int]) -> str:
    return ", ".join(f"{key} {n}" for key, n in sorted(counter.items()))
