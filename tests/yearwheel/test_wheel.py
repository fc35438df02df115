"""Årshjul geometry (pure) and the source registry."""

from dataclasses import dataclass
from datetime import date

import pytest

from portal import year_items as registry
from portal.yearwheel import wheel


@dataclass(frozen=True)
class Item:
    kind: str
    starts_on: date
    ends_on: date


def test_year_starts_at_the_top_and_runs_clockwise():
    assert wheel.angle_of(date(2027, 1, 1), 2027) == 0
    assert wheel.angle_of(date(2027, 12, 31), 2027, end_of_day=True) == 360
    assert wheel.angle_of(date(2028, 7, 2), 2028) == pytest.approx(180, abs=0.6)  # leap year
    top = wheel.point(0, 100)
    right = wheel.point(90, 100)
    assert top == (wheel.CENTRE, wheel.CENTRE - 100)
    assert right == (wheel.CENTRE + 100, wheel.CENTRE)


def test_twelve_month_sectors_with_labels_in_order():
    months = wheel.month_sectors(2027)
    assert [m.label for m in months][:3] == ["jan", "feb", "mar"] and len(months) == 12
    january, july = months[0], months[6]
    assert january.label_x > wheel.CENTRE and january.label_y < wheel.CENTRE  # upper right
    assert july.label_y > wheel.CENTRE  # lower half
    assert all(m.path.startswith("M ") and m.path.endswith("Z") for m in months)


def test_items_get_their_kind_ring_dots_for_days_arcs_for_periods():
    items = [
        Item("samling", date(2027, 3, 10), date(2027, 3, 11)),
        Item("event", date(2027, 6, 1), date(2027, 6, 1)),
        Item("agreement", date(2026, 12, 1), date(2027, 1, 31)),  # clipped to the year
        Item("survey", date(2026, 1, 1), date(2026, 2, 1)),  # another year: left out
        Item("review", date(2027, 5, 5), date(2027, 5, 5)),  # kind not chosen: left out
    ]
    drawn = wheel.layout(2027, items, ["samling", "agreement", "event", "survey"])
    by_kind = {m.item.kind: m for m in drawn.marks}
    assert set(by_kind) == {"samling", "agreement", "event"}
    assert by_kind["samling"].path and by_kind["samling"].radius == wheel.RING_OUTER
    assert (
        by_kind["event"].path == ""
        and by_kind["event"].radius == wheel.RING_OUTER - 2 * wheel.RING_STEP
    )
    start = wheel.point(0, by_kind["agreement"].radius)
    assert by_kind["agreement"].path.startswith(f"M {start[0]} {start[1]}")
    assert [kind for kind, _r in drawn.rings] == ["samling", "agreement", "event", "survey"]


def test_long_arcs_use_the_large_arc_flag():
    assert " 0 1 1 " in wheel.arc_path(100, 0, 270)
    assert " 0 0 1 " in wheel.arc_path(100, 0, 90)


def test_registry_filters_by_range_and_kind(monkeypatch):
    monkeypatch.setattr(registry, "_SOURCES", {})

    @registry.source("event")
    def events(user, start, end):
        return [
            registry.WheelItem("event", "e1", "Frist", date(2027, 3, 1), date(2027, 3, 1)),
            registry.WheelItem("event", "e2", "Utenfor", date(2028, 3, 1), date(2028, 3, 1)),
        ]

    found = registry.items_for(None, date(2027, 1, 1), date(2027, 12, 31))
    assert [i.title for i in found] == ["Frist"] and found[0].kind_label == "Andre hendelser"
    assert registry.items_for(None, date(2027, 1, 1), date(2027, 12, 31), ["samling"]) == []
    with pytest.raises(ValueError):
        registry.source("nonsense")
