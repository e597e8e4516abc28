"""No Docker engine runs here, so check that the compose file and the settings agree."""

import re
from pathlib import Path

import yaml

from myropo import settings as portal_settings

ROOT = Path(__file__).resolve().parent.parent
PORTAL_SERVICES = {"web", "worker", "beat"}
COMPOSE_ONLY = {"POSTGRES_PASSWORD", "POSTGRES_DB", "POSTGRES_USER"}


def settings_variables() -> set[str]:
    source = (ROOT / "myropo" / "settings.py").read_text()
    return set(re.findall(r'(?:env(?:\.\w+)?|_secret)\(\s*"([A-Z][A-Z0-9_]+)"', source))


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def env_example_variables() -> set[str]:
    names = set()
    for line in (ROOT / ".env.example").read_text().splitlines():
        if match := re.match(r"([A-Z][A-Z0-9_]*)=", line):
            names.add(match.group(1))
    return names


def test_compose_has_the_production_services():
    services = set(compose()["services"])
    assert {"web", "worker", "beat", "db", "redis", "mail"} <= services


def test_portal_services_get_every_variable_production_requires():
    services = compose()["services"]
    for name in PORTAL_SERVICES:
        environment = services[name]["environment"]
        assert environment["DJANGO_ENV"] == "production"
        missing = set(portal_settings.REQUIRED_IN_PRODUCTION) - set(environment)
        assert missing == set(), f"{name} lacks {missing}"


def test_every_compose_variable_is_one_the_settings_read():
    known = settings_variables()
    for name in PORTAL_SERVICES:
        unknown = set(compose()["services"][name]["environment"]) - known
        assert unknown == set(), f"{name} sets variables the settings ignore: {unknown}"


def test_compose_interpolates_only_variables_documented_in_env_example():
    text = (ROOT / "docker-compose.yml").read_text()
    used = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", text))
    assert used - env_example_variables() == set()


def test_env_example_documents_every_variable_the_settings_read():
    assert settings_variables() - env_example_variables() == set()
    assert env_example_variables() - settings_variables() - COMPOSE_ONLY == set()


def test_portal_services_run_the_commands_of_their_role():
    services = compose()["services"]
    assert services["web"]["command"][0] == "gunicorn"
    assert services["worker"]["command"][:4] == ["celery", "-A", "myropo", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "myropo", "beat"]
