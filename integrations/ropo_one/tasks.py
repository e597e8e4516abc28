"""Pulling Ropo One's changes into the replica."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from integrations.http import UpstreamError
from integrations.locks import single_run
from integrations.ropo_one.client import RopoOneClient
from integrations.sync import record_success, ropo_one_status_updates
from invoices import services
from invoices.models import Invoice, InvoiceStatus

logger = logging.getLogger(__name__)

MAX_PAGES_PER_RUN = 200
RECONCILE_BATCH = 200


def pull_status_updates(country: str, *, client: RopoOneClient | None = None) -> int:
    """Page through the status-update feed until it is empty; returns cases applied."""
    applied = 0
    with single_run(f"ropo_one:statusupdates:{country}", seconds=600) as mine:
        if not mine:
            return 0
        owned = client is None
        client = client or RopoOneClient(country)
        try:
            for _page in range(MAX_PAGES_PER_RUN):
                batch = client.status_updates()
                if not batch:
                    break
                applied += services.apply_case_updates(batch, source="ropo_one").applied
        finally:
            if owned:
                client.close()
        record_success(ropo_one_status_updates(country))
    return applied


@shared_task
def pull_status_updates_task(country: str | None = None) -> int:
    total = 0
    for code in [country] if country else settings.SYNC_COUNTRIES:
        try:
            total += pull_status_updates(code)
        except UpstreamError as exc:
            # Beat polls again shortly; an update not yet read stays in the feed.
            logger.warning("ropo_one %s: status updates failed: %s", code, exc)
    return total


def refresh_cases(invoices: list[Invoice]) -> int:
    """Read each case again and apply it (the way back from a lost feed answer)."""
    snapshots = []
    by_country: dict[str, list[str]] = {}
    for invoice in invoices:
        country, jobid = invoice.upstream_job
        by_country.setdefault(country, []).append(jobid)
    for country, jobids in by_country.items():
        with RopoOneClient(country) as client:
            for jobid in jobids:
                try:
                    snapshots.append(client.get_job(jobid))
                except UpstreamError as exc:
                    logger.warning("ropo_one %s: reading job failed: %s", country, exc)
    return services.apply_case_updates(snapshots, source="reconcile").applied


@shared_task
def reconcile_stale_cases_task() -> int:
    cutoff = timezone.now() - timedelta(hours=settings.SYNC_RECONCILE_AFTER_HOURS)
    stale = list(
        Invoice.objects.filter(
            upstream_system="ropo_one", status=InvoiceStatus.OPEN, synced_at__lt=cutoff
        ).order_by("synced_at")[:RECONCILE_BATCH]
    )
    return refresh_cases(stale)
