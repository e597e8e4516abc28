"""The dashboard's key figures: right sums, and a constant number of queries."""

import datetime
from decimal import Decimal

import pytest

from creditors.selectors import key_figures
from tests.conftest import log_in, make_creditor_cases
from tests.invoices import snapshots

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)
YEAR = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 12, 31), "today": TODAY}


@pytest.fixture
def mixed_creditor(db):
    """Open cases in three stages and ages, one paid case, and one in another currency."""
    c = snapshots.CREDITOR
    make_creditor_cases(c, [1], stage="reminder", due_date=datetime.date(2026, 11, 10))
    make_creditor_cases(
        c, [2], stage="collection", due_date=datetime.date(2026, 9, 15), balance=Decimal("200.00")
    )
    make_creditor_cases(c, [3], stage="legal", due_date=datetime.date(2026, 12, 1))
    paid = {"status": "paid", "stage": "closed", "paid": Decimal("105.50"), "balance": 0}
    stamp = datetime.datetime(2026, 10, 5, 12, tzinfo=datetime.UTC)
    make_creditor_cases(c, [4], updated_at=stamp, **paid)
    return make_creditor_cases(c, [5], currency="SEK", balance=Decimal("999.00"))


def by(rows: list[dict], key: str) -> dict:
    return {r[key]: (r["amount"], r["count"]) for r in rows}


def test_open_amounts_are_summed_by_stage_in_the_chosen_currency(mixed_creditor):
    figures = key_figures(mixed_creditor, currency="EUR", **YEAR)
    stages = by(figures["open_by_stage"], "stage")
    assert stages["reminder"] == (Decimal("105.50"), 1)
    assert stages["collection"] == (Decimal("200.00"), 1)
    assert stages["legal"] == (Decimal("105.50"), 1)
    assert stages["payment_plan"] == (Decimal("0.00"), 0)
    assert figures["open_total"] == Decimal("411.00")


def test_open_cases_fall_into_ageing_buckets_by_days_past_due(mixed_creditor):
    ageing = by(key_figures(mixed_creditor, currency="EUR", **YEAR)["ageing"], "bucket")
    assert ageing["not_due"] == (Decimal("105.50"), 1)  # due 1 December
    assert ageing["1_30"] == (Decimal("105.50"), 1)  # 10 days past due
    assert ageing["61_90"] == (Decimal("200.00"), 1)  # 66 days past due
    assert ageing["over_180"] == (Decimal("0.00"), 0)


def test_collected_amount_rate_and_days_to_payment_cover_the_period(mixed_creditor):
    figures = key_figures(mixed_creditor, currency="EUR", **YEAR)
    assert figures["period_cases"] == 4
    assert figures["collected"] == Decimal("105.50")
    assert figures["claimed"] == Decimal("422.00")
    assert figures["collection_rate"] == Decimal("25.0")
    assert figures["average_days_to_payment"] == Decimal("20.0")  # 15 Sep -> 5 Oct
    collected = {m["month"]: m["amount"] for m in figures["collections_by_month"]}
    assert collected[datetime.date(2026, 10, 1)] == Decimal("105.50")


def test_months_with_nothing_collected_are_shown_as_zero_up_to_today(mixed_creditor):
    figures = key_figures(mixed_creditor, currency="EUR", **YEAR)
    months = [(m["month"], m["amount"], m["count"]) for m in figures["collections_by_month"]]
    assert [m[0] for m in months] == [datetime.date(2026, n, 1) for n in range(1, 12)]
    assert months[8] == (datetime.date(2026, 9, 1), Decimal("0.00"), 0)
    assert months[9] == (datetime.date(2026, 10, 1), Decimal("105.50"), 1)


def test_a_period_without_cases_has_no_rate(mixed_creditor):
    empty = {"start": datetime.date(2020, 1, 1), "end": datetime.date(2020, 2, 1), "today": TODAY}
    figures = key_figures(mixed_creditor, currency="EUR", **empty)
    assert figures["collection_rate"] is None and figures["average_days_to_payment"] is None


def test_the_dashboard_makes_the_same_number_of_queries_for_more_cases(
    client, creditor_manager, creditor, django_assert_num_queries
):
    log_in(client, creditor_manager, how="passkey")
    url = f"/creditor/{creditor.public_id}/"
    client.get(url)  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    make_creditor_cases(snapshots.CREDITOR, range(9200, 9240), stage="collection")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
    case_queries = [q for q in many.captured_queries if "invoices_invoice" in q["sql"]]
    assert len(case_queries) == 3  # one pass over the cases, refused events, disputes


def test_the_dashboard_shows_charts_with_table_alternatives(client, creditor_manager, creditor):
    log_in(client, creditor_manager, how="passkey")
    html = client.get(f"/creditor/{creditor.public_id}/").content.decode()
    assert html.count("<svg") == html.count('<table class="chart-table') >= 2
    assert "Open amount by stage as a table" in html


def test_a_bad_period_is_refused_with_a_message(client, creditor_manager, creditor):
    log_in(client, creditor_manager, how="passkey")
    url = f"/creditor/{creditor.public_id}/?currency=EUR&start=2026-05-01&end=2026-01-01"
    response = client.get(url)
    assert response.status_code == 400
    assert "before its start" in response.content.decode()


def strip(figures: dict) -> dict:
    return {k: v for k, v in figures.items() if k != "as_of"}


def test_stored_figures_equal_the_live_ones(mixed_creditor):
    from creditors.services import refresh_case_figures

    live = key_figures(mixed_creditor, currency="EUR", **YEAR)
    assert live["as_of"] is None
    refresh_case_figures(mixed_creditor)
    for currency in ("EUR", "SEK", "NOK"):
        stored = key_figures(mixed_creditor, currency=currency, **YEAR)
        assert stored["as_of"] is not None
        assert strip(stored) == strip(
            key_figures(mixed_creditor, currency=currency, live=True, **YEAR)
        )


def test_with_stored_figures_the_dashboard_does_not_add_up_the_cases(
    client, creditor_manager, creditor
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from creditors.tasks import refresh_case_figures_task

    assert refresh_case_figures_task.delay().get() >= 1
    log_in(client, creditor_manager, how="passkey")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/creditor/{creditor.public_id}/")
    assert "Figures as of" in response.content.decode()
    assert not [q for q in queries.captured_queries if "GROUP BY" in q["sql"]]


def test_disputes_are_counted_open_now_and_opened_in_the_period(mixed_creditor, debtor, agent):
    from invoices import disputes
    from invoices.models import Invoice

    first, second = Invoice.objects.filter(currency="EUR", status="open").order_by("pk")[:2]
    for invoice in (first, second):
        disputes.open_dispute(
            invoice, scope="all", amount=None, reason="Not ordered by us.", uploads=[], actor=debtor
        )
    resolved = first.disputes.get()
    disputes.resolve_dispute(resolved, outcome="rejected", answer="It was.", actor=agent)
    period = {"start": datetime.date.today(), "end": datetime.date.today(), "today": TODAY}
    figures = key_figures(mixed_creditor, currency="EUR", **period)
    assert (figures["disputes_open"], figures["disputes_in_period"]) == (1, 2)
    assert key_figures(mixed_creditor, currency="SEK", **period)["disputes_open"] == 0
