"""Chart layout (presentation): horizontal bars in SVG user units."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    """One bar of a horizontal bar chart, in SVG user units."""

    label: str
    value: int
    y: int
    width: float


CHART_LABEL_WIDTH = 110
CHART_BAR_SPACE = 300
CHART_ROW = 28


def bar_chart(values: list[tuple[str, int]]) -> list[Bar]:
    """Lay out horizontal bars scaled to the largest value."""
    largest = max((v for _, v in values), default=0) or 1
    return [
        Bar(label, value, index * CHART_ROW, round(CHART_BAR_SPACE * value / largest, 1))
        for index, (label, value) in enumerate(values)
    ]
