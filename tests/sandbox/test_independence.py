"""The sandbox plays outside systems: it never imports the portal.

Every module under ``sandbox/`` is parsed and its imports (and dotted module names written as
strings, as settings and ``import_module`` take them) are checked against the portal's
top-level packages, found on disk so that a new app is covered without editing this test.
"""

from __future__ import annotations

import ast

from tests.sandbox_process import REPO_ROOT

SANDBOX = REPO_ROOT / "sandbox"
NOT_PORTAL = {"sandbox", "tests", "bench"}


def portal_packages() -> set[str]:
    return {
        path.parent.name
        for path in REPO_ROOT.glob("*/__init__.py")
        if path.parent.name not in NOT_PORTAL
    }


def portal_names(source: str, portal: set[str]) -> list[tuple[int, str]]:
    """(line, name) of every import of a portal module in ``source``, and of every string
    naming one with a dot (``"invoices.rules"``, ``"accounts.apps.AccountsConfig"``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "." in node.value:
            parts = node.value.split(".")
            names = [node.value] if all(part.isidentifier() for part in parts) else []
        else:
            continue
        found += [(node.lineno, name) for name in names if name.split(".")[0] in portal]
    return sorted(found)


def test_the_portal_packages_are_found():
    assert {"invoices", "payments", "accounts", "creditors", "integrations", "messaging"} <= (
        portal_packages()
    )


def test_no_sandbox_module_imports_the_portal():
    portal = portal_packages()
    offenders = [
        f"{path.relative_to(REPO_ROOT)}:{line}: {name}"
        for path in sorted(SANDBOX.rglob("*.py"))
        for line, name in portal_names(path.read_text(encoding="utf-8"), portal)
    ]
    assert offenders == []


def test_the_check_sees_every_way_of_naming_a_portal_module():
    source = (
        "import os\nfrom invoices.rules import PERSON\nimport payments\n"
        "APPS = ['accounts.apps.AccountsConfig']\nWORD = 'accounts'\nTEXT = 'a. b'\n"
        "from sandbox.engine import fees\n"
    )
    names = [name for _, name in portal_names(source, portal_packages())]
    assert names == ["invoices.rules", "payments", "accounts.apps.AccountsConfig"]
