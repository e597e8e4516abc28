"""Pulling Maventa's assignments: which case each became, and its collection status."""

import datetime
import logging

from celery import shared_task
from django.db import transaction

from integrations.http import UpstreamError
from integrations.locks import single_run
from integrations.maventa.client import MaventaClient
from integrations.models import SyncCursor
from integrations.ropo_one.client import RopoOneClient
from integrations.ropo_one.payloads import upstream_id
from integrations.sync import MAVENTA_ASSIGNMENTS, record_success
from invoices import services
from invoices.models import Invoice

logger = logging.getLogger(__name__)

CURSOR = MAVENTA_ASSIGNMENTS
PER_PAGE = 100  # Maventa pages hold at most 100
MAX_PAGES_PER_RUN = 100


def pull_assignments(*, client: MaventaClient | None = None) -> int:
    """Page through assignments changed since the cursor; link them to their cases."""
    with single_run("maventa:assignments", seconds=600) as mine:
        if not mine:
            return 0
        owned = client is None
        client = client or MaventaClient()
        try:
            linked = _pull(client)
        finally:
            if owned:
                client.close()
        record_success(CURSOR)
        return linked


def _pull(client: MaventaClient) -> int:
    """Keyset paging: each request asks for the oldest changes since the newest `updated_at`
    seen so far (Maventa's `updated_since` is inclusive, `>=`).

    Page numbers over a list ordered by `updated_at` are not stable (an assignment changed
    between two requests moves to the end, and the one after it would slide onto the page
    already read), so we ask for page 1 again from the newest change read. Page 2, 3... only
    while a whole page shares that very timestamp. Assignments at the cursor's timestamp come
    again (inclusive): those already handled in this run are skipped. The cursor is saved
    after each page, so a run that fails goes on from the last page handled.
    """
    cursor, _ = SyncCursor.objects.get_or_create(name=CURSOR)
    since = datetime.datetime.fromisoformat(cursor.value) if cursor.value else None
    seen_at_since: set = set()  # ids already handled whose updated_at == since
    linked, page = 0, 1
    for _request in range(MAX_PAGES_PER_RUN):
        result = client.assignments(page=page, per_page=PER_PAGE, updated_since=since)
        fresh = [
            a
            for a in result.items
            if not (since and a.updated_at == since and a.id in seen_at_since)
        ]
        items = [a for a in fresh if a.ropo_jobid and a.ropo_country]
        _fetch_unknown_cases(items)
        linked += services.link_assignments(
            [(upstream_id(a.ropo_country, a.ropo_jobid), a.id, a.collection_status) for a in items]
        )
        newest = max((a.updated_at for a in result.items if a.updated_at), default=None)
        if newest and (since is None or newest > since):
            since, page = newest, 1
            seen_at_since = {a.id for a in result.items if a.updated_at == newest}
            with transaction.atomic():
                cursor.value = since.isoformat()
                cursor.save(update_fields=["value", "updated_at"])
        else:  # the whole page at the cursor's timestamp (or undated): read on by page number
            seen_at_since |= {a.id for a in result.items}
            page += 1
        if result.last:
            break
    return linked


def _fetch_unknown_cases(items) -> None:
    """A transfer whose case the status feed has not brought yet: read it from Ropo One."""
    keys = {upstream_id(a.ropo_country, a.ropo_jobid): a for a in items}
    known = set(
        Invoice.objects.filter(upstream_system="ropo_one", upstream_id__in=keys).values_list(
            "upstream_id", flat=True
        )
    )
    missing = [a for key, a in keys.items() if key not in known]
    snapshots = []
    for a in missing:
        try:
            with RopoOneClient(a.ropo_country) as ropo:
                snapshots.append(ropo.get_job(a.ropo_jobid))
        except UpstreamError as exc:
            logger.warning("maventa: reading case of assignment %s failed: %s", a.id, exc)
    services.apply_case_updates(snapshots, source="maventa")


@shared_task
def pull_assignments_task() -> int:
    try:
        return pull_assignments()
    except UpstreamError as exc:
        logger.warning("maventa: assignments failed: %s", exc)
        return 0
