"""``python sandbox/manage.py dump_sandbox``: the sandbox's data as JSON on stdout (read-only)."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from sandbox.engine import dump
from sandbox.engine.clock import sandbox_today

SECTIONS = ("creditors", "people", "companies", "cases")


class Command(BaseCommand):
    help = "Print creditors, people, companies and cases (with rows, events, letters) as JSON."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--only", choices=SECTIONS, action="append", help="Limit the output.")

    def handle(self, *args: Any, **options: Any) -> None:
        sections = options["only"] or SECTIONS
        data: dict[str, Any] = {"today": sandbox_today().isoformat()}
        if "creditors" in sections:
            data["creditors"] = dump.creditors()
        if {"people", "companies"} & set(sections):
            identities = dump.people_and_companies()
            data.update({k: v for k, v in identities.items() if k in sections})
        if "cases" in sections:
            data["cases"] = dump.cases()
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
