from prometheus_client.parser import text_string_to_metric_families

from tests.payments.conftest import open_invoice  # noqa: F401 - the payments tests' invoice


def scrape(client, **headers) -> dict:
    """Every sample of /metrics: {(name, frozenset(labels.items())): value}."""
    response = client.get("/metrics", **headers)
    assert response.status_code == 200, response.status_code
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)
