"""/readyz: not ready (503, with the reason) when a feed is stale or dead letters pile up;
/healthz stays the liveness check."""

import datetime

import pytest
from django.utils import timezone

from integrations.models import OutboxEvent, SyncCursor
from integrations.sync import record_success, ropo_one_status_updates

pytestmark = pytest.mark.django_db


def test_a_fresh_portal_is_ready(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "reasons": []}
    assert "no-cache" in response["Cache-Control"]


def test_a_feed_past_its_lag_limit_makes_the_portal_not_ready(client, settings):
    settings.READY_MAX_SYNC_LAG_SECONDS = 600
    feed = ropo_one_status_updates("NO")
    record_success(feed)
    assert client.get("/readyz").status_code == 200
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    SyncCursor.objects.filter(name=feed).update(succeeded_at=an_hour_ago)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert len(body["reasons"]) == 1
    assert body["reasons"][0].startswith("sync ropo_one NO: last success 36")
    assert client.get("/healthz").status_code == 200  # alive all the same


def test_dead_letters_past_the_limit_make_the_portal_not_ready(client, settings):
    settings.READY_MAX_DEAD_LETTERS = 2
    for n in range(3):
        OutboxEvent.objects.create(
            topic="ropo_one.payment", payload={"n": n}, status=OutboxEvent.Status.DEAD
        )
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["reasons"] == ["outbox: 3 dead letters"]
    settings.READY_MAX_DEAD_LETTERS = 3
    assert client.get("/readyz").status_code == 200
