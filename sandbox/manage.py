#!/usr/bin/env python
"""Run the sandbox's management commands: ``python sandbox/manage.py <command>``.

Works from any directory: the repository root is put on ``sys.path``. The settings module is
``sandbox.settings`` unless ``DJANGO_SETTINGS_MODULE`` already names a module inside the
``sandbox`` package (the portal's ``myropo.settings``, often exported by a shared ``.env``, is
never used here).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SANDBOX_DIR = Path(__file__).resolve().parent
REPO_ROOT = SANDBOX_DIR.parent


def _prepare_path() -> None:
    """Import the sandbox as ``sandbox.*`` from the repository root, never as top-level modules."""
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != SANDBOX_DIR]
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))


def _settings_module() -> str:
    current = os.environ.get("DJANGO_SETTINGS_MODULE", "")
    return current if current.startswith("sandbox.") else "sandbox.settings"


def main() -> None:
    _prepare_path()
    os.environ["DJANGO_SETTINGS_MODULE"] = _settings_module()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
