"""Pulling Maventa's assignments: which case each became, and its collection status."""

import json
import logging
import uuid

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from creditors.models import Transfer
from integrations.http import UpstreamError
from integrations.locks import single_run
from integrations.maventa.client import MaventaClient
from integrations.models import SyncCursor
from integrations.sync import MAVENTA_ASSIGNMENTS, record_success
from invoices import services
from invoices.models import Invoice

logger = logging.getLogger(__name__)

CURSOR = MAVENTA_ASSIGNMENTS
PER_PAGE = 100  # Maventa pages hold at most 100
MAX_PAGES_PER_RUN = 100


def pull_assignments(*, client: MaventaClient | None = None) -> int:
    """Read the assignments added since the last complete walk; link them to their cases."""
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


def _state(value: str) -> dict:
    try:
        state = json.loads(value) if value else {}
    except ValueError:
        state = {}
    return state if isinstance(state, dict) else {}


def _pull(client: MaventaClient) -> int:
    """Walk the list (newest first, documented `page`/`per_page`) from page 1 down to the
    newest assignment of the last complete walk (the `mark`), or to the end.

    New assignments arrive at the top while we read and push the others down a page: an item
    may come twice (handled once per walk, by id), none is skipped. Only a complete walk moves
    the mark (to the first item its first page showed); a walk cut short (an error, or the
    page limit) keeps its place and the next run goes on from that page, with the same mark.
    """
    cursor, _ = SyncCursor.objects.get_or_create(name=CURSOR)
    state = _state(cursor.value)
    mark, top, page = state.get("mark"), state.get("top"), int(state.get("page") or 1)
    handled: set[uuid.UUID] = set()
    linked = 0
    for _request in range(MAX_PAGES_PER_RUN):
        result = client.assignments(page=page, per_page=PER_PAGE)
        if top is None and result.items:
            top = str(result.items[0].id)
        ids = [str(a.id) for a in result.items]
        reached = mark in ids
        items = result.items[: ids.index(mark)] if reached else result.items
        linked += link(a for a in items if a.id not in handled)
        handled |= {a.id for a in items}
        done = reached or result.last
        page = result.next_page or page + 1
        state = {"mark": top or mark} if done else {"mark": mark, "top": top, "page": page}
        with transaction.atomic():
            cursor.value = json.dumps(state)
            cursor.save(update_fields=["value", "updated_at"])
        if done:
            break
    return linked


def link(assignments) -> int:
    """Link each assignment to its case: the one already carrying its id, else through the
    documented `invoice_id`/`reference_ids` to the portal's transfer of that Maventa invoice
    and the case of that creditor and invoice number. Constant queries per page."""
    items = list(assignments)
    if not items:
        return 0
    known = dict(
        Invoice.objects.filter(maventa_assignment_id__in=[a.id for a in items]).values_list(
            "maventa_assignment_id", "upstream_id"
        )
    )
    wanted = {i for a in items if a.id not in known for i in a.invoice_ids}
    transfers = {
        t.maventa_invoice_id: t
        for t in Transfer.objects.filter(maventa_invoice_id__in=wanted).exclude(
            status=Transfer.Status.ERROR
        )
    }
    numbers = {(t.creditor_id, t.invoice_number) for t in transfers.values() if t.invoice_number}
    cases = {
        (creditor_id, number): upstream_id
        for creditor_id, number, upstream_id in Invoice.objects.filter(
            upstream_system="ropo_one",
            creditor_id__in={c for c, _ in numbers},
            invoice_number__in={n for _, n in numbers},
        ).values_list("creditor_id", "invoice_number", "upstream_id")
    }
    links = []
    for a in items:
        upstream_id = known.get(a.id)
        if upstream_id is None:
            transfer = next((transfers[i] for i in a.invoice_ids if i in transfers), None)
            if transfer is not None:
                upstream_id = cases.get((transfer.creditor_id, transfer.invoice_number))
        if upstream_id is None:
            # Its case has not come from Ropo One yet (or it was transferred outside the
            # portal): the status feed links it, its snapshot names the assignment.
            logger.info("maventa: assignment %s has no case here yet", a.id)
            continue
        links.append((upstream_id, a.id, a.collection_status))
    return services.link_assignments(links)


CHECKS_PER_RUN = 200


def check_pending_transfers(*, client: MaventaClient | None = None) -> int:
    """Read the status of each transfer Maventa answered `pending` whose next check is due;
    keep `sent` or `error`, else check again later (backing off). Answers how many finished."""
    from creditors.services import record_transfer_answer

    due = list(
        Transfer.objects.filter(
            status=Transfer.Status.PENDING, next_check_at__lte=timezone.now()
        ).order_by("next_check_at")[:CHECKS_PER_RUN]
    )
    if not due:
        return 0
    owned = client is None
    client = client or MaventaClient()
    finished = 0
    try:
        for transfer in due:
            try:
                answer = client.transfer_status(str(transfer.maventa_invoice_id))
            except UpstreamError as exc:
                logger.warning("maventa: status of transfer %s: %s", transfer.public_id, exc)
                answer = {"status": "pending"}  # not known now: look again later
            status = str(answer.get("status") or "")
            errors = answer.get("errors") or []
            error = "; ".join(str(e) for e in errors) if isinstance(errors, list) else str(errors)
            with transaction.atomic():
                record_transfer_answer(
                    transfer.public_id,
                    status=status,
                    assignment_id=answer.get("assignment_id"),
                    error=error,
                )
            finished += status in ("sent", "error")
    finally:
        if owned:
            client.close()
    return finished


@shared_task
def check_pending_transfers_task() -> int:
    with single_run("maventa:transfer-checks", seconds=300) as mine:
        if not mine:
            return 0
        try:
            return check_pending_transfers()
        except UpstreamError as exc:
            logger.warning("maventa: transfer checks failed: %s", exc)
            return 0


@shared_task
def pull_assignments_task() -> int:
    try:
        return pull_assignments()
    except UpstreamError as exc:
        logger.warning("maventa: assignments failed: %s", exc)
        return 0
