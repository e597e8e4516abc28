"""Repository hygiene: no package registry host names, no lock file with download URLs."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Assembled from parts so that this file does not contain what it looks for.
FORBIDDEN = [
    "pypi" + ".org",
    "files." + "pythonhosted" + ".org",
    "registry." + "npmjs" + ".org",
    "registry." + "yarnpkg" + ".com",
    "deb." + "debian" + ".org",
    "security." + "debian" + ".org",
]


def tracked_and_new_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return [ROOT / name for name in listed if (ROOT / name).is_file()]


def test_no_file_names_a_package_registry_host():
    offenders = []
    for path in tracked_and_new_files():
        text = path.read_bytes().decode("utf-8", errors="ignore").lower()
        offenders += [f"{path.relative_to(ROOT)}: {host}" for host in FORBIDDEN if host in text]
    assert offenders == []


def test_there_is_no_uv_lock_and_the_pinned_lock_has_no_urls():
    assert not (ROOT / "uv.lock").exists()
    lock = (ROOT / "requirements.lock.txt").read_text()
    assert "://" not in lock
    pins = [line for line in lock.splitlines() if line and not line.startswith(("#", " "))]
    assert pins and all("==" in line for line in pins)
