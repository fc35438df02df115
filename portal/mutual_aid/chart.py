"""A small line chart of a count over time (pure: no Flask)."""

from dataclasses import dataclass

WIDTH = 320
HEIGHT = 90
PAD = 10


@dataclass(frozen=True)
class LineChart:
    """Polyline points and the value range, for an SVG of WIDTH x HEIGHT."""

    points: str
    dots: list[tuple[float, float, float]]
    maximum: float


def line_chart(values: list[float]) -> LineChart:
    """Spread the values evenly from left to right, scaled so the largest touches the top."""
    if not values:
        return LineChart("", [], 0)
    top = max(max(values), 1)
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    dots = [
        (round(PAD + i * step, 1), round(HEIGHT - PAD - (v / top) * (HEIGHT - 2 * PAD), 1), v)
        for i, v in enumerate(values)
    ]
    return LineChart(" ".join(f"{x},{y}" for x, y, _v in dots), dots, top)
