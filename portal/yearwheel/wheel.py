"""Geometry of the årshjul: month sectors and item marks on one ring per kind (pure: no Flask).

The year runs clockwise from the top (1 January) round a circle. Each kind of item has its own
ring; a one-day item is a dot, a period an arc. The template draws what this module computes.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

SIZE = 440
CENTRE = SIZE / 2
OUTER = 210
MONTH_INNER = 172
RING_OUTER = 156
RING_STEP = 15
DOT_RADIUS = 5.5
MONTH_NAMES = ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des")


@dataclass(frozen=True)
class MonthSector:
    """One month's sector and where its label sits."""

    number: int
    label: str
    path: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Mark:
    """One item drawn on its kind's ring: a dot (cx, cy) or an arc (path)."""

    item: Any
    ring: int
    radius: float
    path: str = ""
    cx: float = 0.0
    cy: float = 0.0


@dataclass(frozen=True)
class Wheel:
    """Everything the template needs to draw one year."""

    year: int
    size: int
    months: list[MonthSector]
    rings: list[tuple[str, float]]
    marks: list[Mark]


def year_length(year: int) -> int:
    """Days in the year."""
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


def angle_of(day: date, year: int, end_of_day: bool = False) -> float:
    """Degrees clockwise from the top for the start (or end) of a day of the year."""
    offset = (day - date(year, 1, 1)).days + (1 if end_of_day else 0)
    return 360.0 * offset / year_length(year)


def point(angle: float, radius: float) -> tuple[float, float]:
    """The point at ``angle`` degrees clockwise from the top, ``radius`` from the centre."""
    radians = math.radians(angle - 90)
    return (
        round(CENTRE + radius * math.cos(radians), 2),
        round(CENTRE + radius * math.sin(radians), 2),
    )


def arc_path(radius: float, start: float, end: float) -> str:
    """An SVG path along the circle of ``radius`` from angle ``start`` to ``end`` (clockwise)."""
    x0, y0 = point(start, radius)
    x1, y1 = point(end, radius)
    large = 1 if end - start > 180 else 0
    return f"M {x0} {y0} A {radius} {radius} 0 {large} 1 {x1} {y1}"


def sector_path(inner: float, outer: float, start: float, end: float) -> str:
    """A closed ring sector between two radii and two angles."""
    ox0, oy0 = point(start, outer)
    ox1, oy1 = point(end, outer)
    ix1, iy1 = point(end, inner)
    ix0, iy0 = point(start, inner)
    large = 1 if end - start > 180 else 0
    return (
        f"M {ox0} {oy0} A {outer} {outer} 0 {large} 1 {ox1} {oy1} "
        f"L {ix1} {iy1} A {inner} {inner} 0 {large} 0 {ix0} {iy0} Z"
    )


def month_sectors(year: int) -> list[MonthSector]:
    """The twelve months with their labels."""
    sectors = []
    for month in range(1, 13):
        first = date(year, month, 1)
        last = (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)
        start, end = angle_of(first, year), angle_of(last, year, end_of_day=True)
        x, y = point((start + end) / 2, (OUTER + MONTH_INNER) / 2)
        path = sector_path(MONTH_INNER, OUTER, start, end)
        sectors.append(MonthSector(month, MONTH_NAMES[month - 1], path, x, y))
    return sectors


def layout(year: int, items: list, kinds: list[str]) -> Wheel:
    """Place each item (with kind, starts_on, ends_on) on its kind's ring, clipped to the year."""
    radius = {kind: RING_OUTER - index * RING_STEP for index, kind in enumerate(kinds)}
    first, last = date(year, 1, 1), date(year, 12, 31)
    marks = []
    for item in items:
        if item.kind not in radius or item.ends_on < first or item.starts_on > last:
            continue
        start, end = max(item.starts_on, first), min(item.ends_on, last)
        ring = kinds.index(item.kind)
        r = radius[item.kind]
        if start == end:
            cx, cy = point((angle_of(start, year) + angle_of(start, year, True)) / 2, r)
            marks.append(Mark(item, ring, r, cx=cx, cy=cy))
        else:
            path = arc_path(r, angle_of(start, year), angle_of(end, year, end_of_day=True))
            marks.append(Mark(item, ring, r, path=path))
    return Wheel(year, SIZE, month_sectors(year), [(k, radius[k]) for k in kinds], marks)
