"""Server-rendered SVG bar charts (no script, no inline style) from the key figures.

Each chart is drawn from the same rows its accessible table shows.
"""

from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

AGEING_LABELS = {
    "not_due": gettext_lazy("not yet due"),
    "1_30": gettext_lazy("1–30 days"),
    "31_60": gettext_lazy("31–60 days"),
    "61_90": gettext_lazy("61–90 days"),
    "91_180": gettext_lazy("91–180 days"),
    "over_180": gettext_lazy("over 180 days"),
}
BAR_HEIGHT = 10
GAP = 4
WIDTH = 100  # bar lengths are percentages of the viewBox width


def _bars(rows: list[tuple[str, Decimal, int]]) -> dict:
    top = max((amount for _label, amount, _count in rows), default=Decimal(0))
    bars = []
    for index, (label, amount, count) in enumerate(rows):
        length = float(amount / top * WIDTH) if top else 0.0
        bars.append(
            {
                "label": label,
                "amount": amount,
                "count": count,
                "y": index * (BAR_HEIGHT + GAP),
                "length": round(length, 2),
                "text_y": index * (BAR_HEIGHT + GAP) + BAR_HEIGHT * 0.7,
            }
        )
    return {
        "bars": bars,
        "height": max(len(bars) * (BAR_HEIGHT + GAP), BAR_HEIGHT),
        "bar_height": BAR_HEIGHT,
    }


def dashboard_charts(figures: dict) -> list[dict]:
    stages = [
        (str(s["label"]).capitalize(), s["amount"], s["count"]) for s in figures["open_by_stage"]
    ]
    ageing = [(str(AGEING_LABELS[a["bucket"]]), a["amount"], a["count"]) for a in figures["ageing"]]
    months = [
        (date_format(m["month"], "YEAR_MONTH_FORMAT"), m["amount"], m["count"])
        for m in figures["collections_by_month"]
    ]
    return [
        {"id": "stages", "title": _("Open amount by stage"), **_bars(stages)},
        {"id": "ageing", "title": _("Open amount by days past due"), **_bars(ageing)},
        {"id": "collections", "title": _("Collected by month"), **_bars(months)},
    ]
