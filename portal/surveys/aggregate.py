"""Survey aggregation: summaries, the competence heatmap, gap ranking, small-number protection.

Pure functions on plain data (no Flask, no database), so every figure on the results page can
be checked by hand. A matrix answer is ``{area: {"level": 1-5, "need": 1-5, "priority": bool}}``;
groups are municipalities (any hashable key).
"""

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import median

SMALL_GROUP = 3
COUNT_STEP = 5
GAP_NEED_MIN = 4
GAP_LEVEL_MAX = 2
# Upper bounds of the colour bands for need minus level (the last band is open-ended).
HEAT_BANDS = (-1.5, -0.5, 0.5, 1.5, 2.5)


@dataclass(frozen=True)
class Protection:
    """Which groups to hide, and whether the total may be shown."""

    hidden: frozenset
    show_total: bool


def protect(counts: Mapping[Hashable, int], threshold: int = SMALL_GROUP) -> Protection:
    """Hide groups with 1..threshold-1 answers, plus enough others to defeat subtraction.

    Subtracting the visible groups from the total reveals only the hidden groups together.
    So that this never isolates a small group, not even for a member of another small group
    who knows that group's answers, the hidden groups other than any one small group must
    hold at least ``threshold`` answers. The smallest visible groups are hidden until they
    do; if there are too few, the total is hidden as well.
    """
    hidden = {group for group, n in counts.items() if 0 < n < threshold}
    if hidden:
        spare = sorted(
            (n, str(group), group) for group, n in counts.items() if group not in hidden and n > 0
        )

        def exposed() -> bool:
            hidden_total = sum(counts[g] for g in hidden)
            return any(
                hidden_total - counts[g] < threshold for g in hidden if counts[g] < threshold
            )

        while exposed() and spare:
            hidden.add(spare.pop(0)[2])
        if exposed():
            return Protection(frozenset(hidden), show_total=False)
    return Protection(frozenset(hidden), show_total=sum(counts.values()) >= threshold)


def rough_count(n: int, threshold: int = SMALL_GROUP, step: int = COUNT_STEP) -> int | None:
    """``n`` rounded down to a multiple of ``step`` (at least ``threshold``); None below it.

    So that watching a count does not tell when one more person answered.
    """
    if n < threshold:
        return None
    return max(threshold, n - n % step)


def rough_participation(
    counts: Mapping[Hashable, int], threshold: int = SMALL_GROUP
) -> dict[Hashable, int]:
    """Answers per group for an anonymous survey: protected groups left out, the rest rough."""
    hidden = protect(counts, threshold).hidden
    shown = {g: rough_count(n, threshold) for g, n in counts.items() if g not in hidden}
    return {g: n for g, n in shown.items() if n is not None}


@dataclass(frozen=True)
class Cell:
    """A group's (or everyone's) figures for one competence area."""

    n: int
    level: float | None = None
    need: float | None = None
    priority: int = 0
    hidden: bool = False

    @property
    def gap(self) -> float | None:
        """Need minus level (positive: more need than competence)."""
        if self.hidden or self.level is None or self.need is None:
            return None
        return self.need - self.level

    @property
    def is_gap(self) -> bool:
        """True when need is at least 4 and level at most 2."""
        if self.hidden or self.level is None or self.need is None:
            return False
        return self.need >= GAP_NEED_MIN and self.level <= GAP_LEVEL_MAX


@dataclass
class MatrixSummary:
    """The competence matrix across groups: cells by (group, area), totals by area."""

    areas: list[str]
    groups: list
    cells: dict = field(default_factory=dict)
    totals: dict = field(default_factory=dict)
    hidden_cells: int = 0

    def cell(self, group, area: str) -> Cell:
        """The cell for a group and an area (empty if nobody answered)."""
        return self.cells.get((group, area), Cell(n=0))


def _mean(values: Sequence[float]) -> float:
    """The arithmetic mean of a non-empty sequence (plain float sum: fast for many cells)."""
    return sum(values) / len(values)


def _cell(entries: list[dict]) -> Cell:
    """Mean level and need, and the number of priority ticks, of complete entries."""
    if not entries:
        return Cell(n=0)
    n = len(entries)
    return Cell(
        n=n,
        level=sum(e["level"] for e in entries) / n,
        need=sum(e["need"] for e in entries) / n,
        priority=sum(1 for e in entries if e.get("priority")),
    )


def _complete(entry) -> bool:
    """True for a matrix row with both a level and a need."""
    return isinstance(entry, Mapping) and entry.get("level") and entry.get("need")


def summarise_matrix(
    areas: Sequence[str],
    answers_by_group: Mapping[Hashable, Iterable[Mapping | None]],
    protect_small_groups: bool = False,
) -> MatrixSummary:
    """Aggregate matrix answers per group and area; optionally hide small groups per area."""
    groups = list(answers_by_group)
    summary = MatrixSummary(areas=list(areas), groups=groups)
    answers = {g: [a for a in answers_by_group[g] if a] for g in groups}
    for area in areas:
        entries = {g: [a[area] for a in answers[g] if _complete(a.get(area))] for g in groups}
        shield = (
            protect({g: len(e) for g, e in entries.items()})
            if protect_small_groups
            else Protection(frozenset(), show_total=True)
        )
        for group, group_entries in entries.items():
            if group in shield.hidden:
                summary.cells[(group, area)] = Cell(n=0, hidden=True)
                summary.hidden_cells += 1
            else:
                summary.cells[(group, area)] = _cell(group_entries)
        everyone = [e for group_entries in entries.values() for e in group_entries]
        summary.totals[area] = _cell(everyone) if shield.show_total else Cell(n=0, hidden=True)
    return summary


@dataclass(frozen=True)
class Gap:
    """A competence area many groups lack: candidates for joint training."""

    area: str
    groups: list
    mean_gap: float
    priority: int

    @property
    def count(self) -> int:
        """How many groups report need >= 4 and level <= 2."""
        return len(self.groups)


def rank_gaps(summary: MatrixSummary, min_groups: int) -> list[Gap]:
    """Areas where at least ``min_groups`` visible groups report need >= 4 and level <= 2."""
    ranked = []
    for area in summary.areas:
        cells = [(g, summary.cell(g, area)) for g in summary.groups]
        qualifying = [g for g, c in cells if c.is_gap]
        if len(qualifying) < max(min_groups, 1):
            continue
        gaps = [c.gap for _g, c in cells if c.gap is not None]
        ranked.append(
            Gap(
                area=area,
                groups=qualifying,
                mean_gap=_mean(gaps),
                priority=sum(c.priority for _g, c in cells if not c.hidden),
            )
        )
    ranked.sort(key=lambda gap: (-gap.count, -gap.mean_gap, -gap.priority, gap.area))
    return ranked


def heat_band(gap: float | None) -> int | None:
    """Colour band 0..5 for need minus level (None when there is no value)."""
    if gap is None:
        return None
    return next((i for i, bound in enumerate(HEAT_BANDS) if gap < bound), len(HEAT_BANDS))


def decimal(value: float | None) -> str:
    """One decimal with a Norwegian comma and a real minus sign; an en dash for no value."""
    if value is None:
        return "–"
    return f"{value:.1f}".replace(".", ",").replace("-", "−")


def signed(value: float | None) -> str:
    """Like ``decimal`` with a plus sign on positive values."""
    return ("+" if value is not None and value > 0 else "") + decimal(value)


@dataclass(frozen=True)
class HeatCell:
    """A heatmap cell ready to draw: colour band, the short value, the long table text."""

    band: int | None
    short: str
    long: str


def heat_cell(cell: Cell) -> HeatCell:
    """Labels for a cell: «+2,5» in the map, «2,0 / 4,5 (+2,5)» in the table."""
    if cell.hidden:
        return HeatCell(None, "*", "skjult")
    if cell.gap is None:
        return HeatCell(None, "–", "–")
    return HeatCell(
        heat_band(cell.gap),
        signed(cell.gap),
        f"{decimal(cell.level)} / {decimal(cell.need)} ({signed(cell.gap)})",
    )


def heat_grid(summary: MatrixSummary) -> list[tuple[Hashable, list[HeatCell]]]:
    """Rows of the heatmap: each group with its cells in area order."""
    return [
        (group, [heat_cell(summary.cell(group, area)) for area in summary.areas])
        for group in summary.groups
    ]


@dataclass(frozen=True)
class ChoiceSummary:
    """How many chose each option; shares are of the people who answered."""

    n: int
    counts: list[tuple[str, int, float]]


def summarise_choices(options: Sequence[str], values: Iterable) -> ChoiceSummary:
    """Count single or multiple choices (a value is an option or a list of options)."""
    tally: Counter = Counter()
    n = 0
    for value in values:
        chosen = value if isinstance(value, list) else [value]
        chosen = [c for c in chosen if c in options]
        if chosen:
            n += 1
            tally.update(set(chosen))
    return ChoiceSummary(n=n, counts=[(o, tally[o], tally[o] / n if n else 0.0) for o in options])


@dataclass(frozen=True)
class NumberSummary:
    """Count, sum, mean, median and range of numeric answers."""

    n: int
    total: float = 0
    mean: float | None = None
    median: float | None = None
    minimum: float | None = None
    maximum: float | None = None


def summarise_numbers(values: Iterable) -> NumberSummary:
    """Summarise numbers (scale or count answers), ignoring blanks."""
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if not numbers:
        return NumberSummary(n=0)
    return NumberSummary(
        n=len(numbers),
        total=sum(numbers),
        mean=_mean(numbers),
        median=median(numbers),
        minimum=min(numbers),
        maximum=max(numbers),
    )


@dataclass(frozen=True)
class Change:
    """One group's competence matrix in an earlier round and now (means over shared areas)."""

    group: Hashable
    level_before: float | None
    level_now: float | None
    need_before: float | None
    need_now: float | None
    gaps_before: int | None
    gaps_now: int | None

    @property
    def level_change(self) -> float | None:
        """Change in mean level (positive: more competence now)."""
        if self.level_before is None or self.level_now is None:
            return None
        return self.level_now - self.level_before

    @property
    def need_change(self) -> float | None:
        """Change in mean need."""
        if self.need_before is None or self.need_now is None:
            return None
        return self.need_now - self.need_before


def _group_means(summary: MatrixSummary, group, areas: list[str]):
    """Mean level, mean need and number of gap areas of one group over the given areas."""
    cells = [summary.cell(group, a) for a in areas]
    cells = [c for c in cells if not c.hidden and c.level is not None]
    if not cells:
        return None, None, None
    return (
        _mean([c.level for c in cells]),
        _mean([c.need for c in cells]),
        sum(c.is_gap for c in cells),
    )


def compare_rounds(before: MatrixSummary, now: MatrixSummary) -> list[Change]:
    """Per group, the change between two rounds over the areas both rounds asked about."""
    shared = [a for a in now.areas if a in set(before.areas)]
    groups = list(now.groups) + [g for g in before.groups if g not in set(now.groups)]
    changes = []
    for group in groups:
        level_b, need_b, gaps_b = _group_means(before, group, shared)
        level_n, need_n, gaps_n = _group_means(now, group, shared)
        changes.append(Change(group, level_b, level_n, need_b, need_n, gaps_b, gaps_n))
    return changes
