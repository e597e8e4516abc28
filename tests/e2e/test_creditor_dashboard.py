"""A creditor's manager opens the overview: figures, charts and their tables, and no axe errors."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_dashboard_shows_figures_charts_and_tables(
    live_server, page, axe, login_as, creditor_persona, creditor_dashboard_path
):
    login_as(creditor_persona)
    response = page.goto(live_server.url + creditor_dashboard_path)
    assert response.status == 200
    assert page.get_by_role("heading", name="Key figures").is_visible()
    charts = page.locator("figure.chart svg[role=img]")
    assert charts.count() >= 2
    assert charts.first.bounding_box()["height"] > 20
    stage_table = page.get_by_role("table", name="Open amount by stage as a table")
    assert stage_table.get_by_role("row").count() == 6  # header + five stages
    menu = page.get_by_label("Currency")
    # A euro creditor is offered its own currency only.
    assert menu.locator("option").evaluate_all("os => os.map(o => o.value)") == ["EUR"]
    menu.select_option("EUR")
    page.get_by_role("button", name="Show").click()
    assert "currency=EUR" in page.url
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
