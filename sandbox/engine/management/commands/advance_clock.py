"""``manage.py advance_clock --days N``: move the sandbox clock, run every case's lifecycle."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sandbox.engine.services.lifecycle import advance_clock


class Command(BaseCommand):
    help = "Move the sandbox clock N days ahead (0: only catch up) and run the case lifecycle."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--days", type=int, default=1, help="Days to move ahead (>= 0).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] < 0:
            raise CommandError("the sandbox clock only moves forward")
        report = advance_clock(options["days"])
        self.stdout.write(json.dumps(report.as_dict()))
