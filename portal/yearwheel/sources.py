"""The network's own events as an årshjul source."""

from datetime import date

from flask import url_for

from portal.year_items import WheelItem
from portal.yearwheel import services


def own_events(user, start: date, end: date) -> list[WheelItem]:
    """Moderator-entered events concern everyone in the network."""
    return [
        WheelItem(
            kind="event",
            uid=f"event-{event.id}",
            title=event.title,
            starts_on=event.starts_on,
            ends_on=event.ends_on,
            url=url_for("yearwheel.index", ar=event.starts_on.year) + f"#hendelse-{event.id}",
            concerns_user=True,
        )
        for event in services.events_between(start, end)
    ]
