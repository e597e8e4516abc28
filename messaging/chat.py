"""Live chat: service hours per country, and which chat a person has going.

`MESSAGING_CHAT_HOURS` reads like `FI=1-5/08:00-18:00,SE=1-5/08:00-17:00`: ISO weekdays
(1 = Monday) and local opening hours, in the country's own time zone. A chat is a `Thread`
with the `chat` channel, so its transcript is the thread itself.
"""

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils import timezone

from messaging.models import Thread

ZONES = {"FI": "Europe/Helsinki", "SE": "Europe/Stockholm", "NO": "Europe/Oslo"}
LANGUAGE_COUNTRY = {"fi": "FI", "sv": "SE", "nb": "NO"}
ENTRY = re.compile(r"^(FI|SE|NO)=([1-7])-([1-7])/(\d\d):(\d\d)-(\d\d):(\d\d)$")


@dataclass(frozen=True)
class Hours:
    first_day: int
    last_day: int
    opens: datetime.time
    closes: datetime.time


def parse_hours(text: str) -> dict[str, Hours]:
    hours = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        match = ENTRY.match(item)
        if not match:
            raise ImproperlyConfigured(f"MESSAGING_CHAT_HOURS: cannot read {item!r}.")
        country, first, last, oh, om, ch, cm = match.groups()
        closes = (
            datetime.time(23, 59, 59)
            if (ch, cm) == ("24", "00")
            else datetime.time(int(ch), int(cm))
        )
        hours[country] = Hours(int(first), int(last), datetime.time(int(oh), int(om)), closes)
    return hours


def is_open(country: str, now: datetime.datetime | None = None) -> bool:
    hours = parse_hours(settings.MESSAGING_CHAT_HOURS).get(country)
    if hours is None:
        return False
    local = (now or timezone.now()).astimezone(ZoneInfo(ZONES[country]))
    return (
        hours.first_day <= local.isoweekday() <= hours.last_day
        and hours.opens <= local.time() < hours.closes
    )


def country_of(request: HttpRequest, language: str) -> str:
    identity = getattr(request.user, "identity", None)
    if identity is not None and identity.country in ZONES:
        return identity.country
    return LANGUAGE_COUNTRY.get(language, "FI")


def current_chat(user) -> Thread | None:
    return (
        Thread.objects.filter(owner=user, channel=Thread.Channel.CHAT)
        .exclude(status=Thread.Status.CLOSED)
        .order_by("-created_at")
        .first()
    )
