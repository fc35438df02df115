"""The pure aggregation module, against figures computed by hand."""

import pytest

from portal.surveys import aggregate
from portal.surveys.aggregate import (
    Cell,
    compare_rounds,
    heat_band,
    protect,
    rank_gaps,
    summarise_choices,
    summarise_matrix,
    summarise_numbers,
)

AREAS = ["MI", "ROP", "HMS"]


def row(level, need, priority=False):
    return {"level": level, "need": need, "priority": priority}


# Bodø: two answers; Fauske: one; Saltdal: one (hand-computed below).
ANSWERS = {
    "Bodø": [
        {"MI": row(2, 4), "ROP": row(1, 5, True), "HMS": row(4, 2)},
        {"MI": row(4, 4), "ROP": row(2, 4, True)},
    ],
    "Fauske": [{"MI": row(1, 5, True), "ROP": row(2, 4), "HMS": row(3, 3)}],
    "Saltdal": [{"MI": row(5, 1), "ROP": row(3, 5)}],
}


def test_matrix_means_per_group_and_total():
    m = summarise_matrix(AREAS, ANSWERS)
    bodo_mi = m.cell("Bodø", "MI")
    assert (bodo_mi.n, bodo_mi.level, bodo_mi.need, bodo_mi.gap) == (2, 3.0, 4.0, 1.0)
    bodo_rop = m.cell("Bodø", "ROP")
    assert (bodo_rop.level, bodo_rop.need, bodo_rop.priority) == (1.5, 4.5, 2)
    assert m.cell("Saltdal", "HMS").n == 0 and m.cell("Saltdal", "HMS").gap is None
    total_mi = m.totals["MI"]  # levels 2,4,1,5 -> 3.0; needs 4,4,5,1 -> 3.5
    assert (total_mi.n, total_mi.level, total_mi.need, total_mi.priority) == (4, 3.0, 3.5, 1)
    total_hms = m.totals["HMS"]  # levels 4,3 ; needs 2,3
    assert (total_hms.n, total_hms.level, total_hms.need) == (2, 3.5, 2.5)
    assert m.hidden_cells == 0


def test_incomplete_rows_are_not_counted():
    m = summarise_matrix(["MI"], {"A": [{"MI": {"level": 3, "need": None}}, None, {}]})
    assert m.cell("A", "MI").n == 0


def test_gap_ranking_counts_groups_with_need_4_and_level_2():
    m = summarise_matrix(AREAS, ANSWERS)
    # ROP: Bodø (1.5/4.5) gap, Fauske (2/4) gap, Saltdal (3/5) not -> 2 groups.
    # MI: Fauske (1/5) gap; Bodø 3/4 not; Saltdal not -> 1 group.
    gaps = rank_gaps(m, min_groups=1)
    assert [(g.area, g.count) for g in gaps] == [("ROP", 2), ("MI", 1)]
    rop = gaps[0]
    assert sorted(rop.groups) == ["Bodø", "Fauske"]
    assert rop.mean_gap == pytest.approx((3.0 + 2.0 + 2.0) / 3)
    assert rop.priority == 2
    assert [g.area for g in rank_gaps(m, min_groups=2)] == ["ROP"]
    assert rank_gaps(m, min_groups=3) == []


def test_gap_ranking_ties_are_broken_by_mean_gap():
    answers = {
        "A": [{"X": row(2, 4), "Y": row(1, 5)}],
        "B": [{"X": row(2, 4), "Y": row(2, 4)}],
    }
    gaps = rank_gaps(summarise_matrix(["X", "Y"], answers), min_groups=2)
    assert [g.area for g in gaps] == ["Y", "X"]  # Y: mean gap 3.0, X: 2.0


@pytest.mark.parametrize(
    ("gap", "band"),
    [
        (None, None),
        (-3.0, 0),
        (-1.5, 1),
        (-0.6, 1),
        (0.0, 2),
        (0.5, 3),
        (1.4, 3),
        (2.0, 4),
        (2.5, 5),
        (4, 5),
    ],
)
def test_heat_bands(gap, band):
    assert heat_band(gap) == band


def test_choices_and_numbers():
    choices = summarise_choices(
        ["Ja", "Nei", "Vet ikke"], ["Ja", ["Ja", "Nei"], "Nei", "ukjent", None]
    )
    assert choices.n == 3
    assert choices.counts == [("Ja", 2, 2 / 3), ("Nei", 2, 2 / 3), ("Vet ikke", 0, 0.0)]
    numbers = summarise_numbers([4, 10, None, "", 7, 3])
    assert (numbers.n, numbers.total, numbers.mean, numbers.median) == (4, 24, 6.0, 5.5)
    assert (numbers.minimum, numbers.maximum) == (3, 10)
    assert summarise_numbers([]).n == 0


def test_compare_rounds_per_group():
    before = summarise_matrix(
        ["X", "Y", "Old"], {"A": [{"X": row(1, 5), "Y": row(2, 4), "Old": row(5, 5)}]}
    )
    now = summarise_matrix(
        ["X", "Y", "New"],
        {"A": [{"X": row(3, 4), "Y": row(4, 4), "New": row(1, 1)}], "B": [{"X": row(2, 2)}]},
    )
    changes = {c.group: c for c in compare_rounds(before, now)}
    a = changes["A"]  # shared areas X, Y only
    assert (a.level_before, a.level_now, a.level_change) == (1.5, 3.5, 2.0)
    assert (a.need_before, a.need_now, a.need_change) == (4.5, 4.0, -0.5)
    assert (a.gaps_before, a.gaps_now) == (2, 0)
    b = changes["B"]
    assert b.level_before is None and b.level_now == 2.0 and b.level_change is None


# --- Small-number protection -----------------------------------------------------------------


def test_groups_with_three_or_more_are_shown():
    shield = protect({"A": 3, "B": 5, "C": 0})
    assert shield.hidden == frozenset() and shield.show_total


def test_small_group_is_hidden_with_a_complementary_group():
    shield = protect({"A": 1, "B": 7, "C": 4, "D": 5})
    assert shield.hidden == {"A", "C"}  # C is the smallest group that is large enough
    assert shield.show_total


def test_two_small_groups_get_a_third_so_no_insider_can_isolate_the_other():
    # A (1) and B (2) together have 3, but A's member, knowing their own answer, could
    # subtract it and read B's two answers; so a third group is hidden too.
    shield = protect({"A": 1, "B": 2, "C": 6, "D": 8})
    assert shield.hidden == {"A", "B", "C"}
    assert shield.show_total


def test_total_hidden_when_nothing_can_be_added():
    shield = protect({"A": 2})
    assert shield.hidden == {"A"} and not shield.show_total
    shield = protect({"A": 1, "B": 1})
    assert shield.hidden == {"A", "B"} and not shield.show_total


def _attack(summary, area):
    """What an attacker can compute: total minus every visible group (sum of need, n)."""
    total = summary.totals[area]
    visible = [summary.cell(g, area) for g in summary.groups if not summary.cell(g, area).hidden]
    residual_n = total.n - sum(c.n for c in visible)
    residual_sum = total.need * total.n - sum(c.need * c.n for c in visible if c.n)
    return residual_n, residual_sum


def test_subtraction_attack_cannot_reveal_a_hidden_group():
    # Beiarn has one respondent whose need for ROP is 5; the others are larger groups.
    answers = {
        "Beiarn": [{"ROP": row(1, 5)}],
        "Bodø": [{"ROP": row(3, 2)}] * 6,
        "Fauske": [{"ROP": row(3, 3)}] * 4,
        "Saltdal": [{"ROP": row(2, 2)}] * 5,
    }
    naive = summarise_matrix(["ROP"], answers)  # no protection: Beiarn is plainly visible
    assert naive.cell("Beiarn", "ROP").need == 5

    protected = summarise_matrix(["ROP"], answers, protect_small_groups=True)
    assert protected.cell("Beiarn", "ROP").hidden
    assert not protected.totals["ROP"].hidden
    residual_n, residual_sum = _attack(protected, "ROP")
    # The attacker only learns a combined group of at least 1 + 3 answers...
    assert residual_n >= 1 + aggregate.SMALL_GROUP
    # ...and the combined mean is not Beiarn's answer.
    assert residual_sum / residual_n != pytest.approx(5)
    hidden = [g for g in protected.groups if protected.cell(g, "ROP").hidden]
    assert hidden == ["Beiarn", "Fauske"]


def test_subtraction_attack_would_work_without_complementary_suppression():
    # Shows the attack is real: hiding only Beiarn would leave total - visible = Beiarn.
    answers = {"Beiarn": [{"ROP": row(1, 5)}], "Bodø": [{"ROP": row(3, 2)}] * 6}
    total_need = (5 + 2 * 6) / 7
    assert total_need * 7 - 2 * 6 == pytest.approx(5)
    protected = summarise_matrix(["ROP"], answers, protect_small_groups=True)
    assert protected.cell("Beiarn", "ROP").hidden and protected.cell("Bodø", "ROP").hidden
    assert protected.totals["ROP"] == Cell(
        n=7, level=pytest.approx(19 / 7), need=pytest.approx(17 / 7)
    )
    residual_n, _ = _attack(protected, "ROP")
    assert residual_n == 7  # everything is in the residual: nothing singles out Beiarn


def test_hidden_cells_do_not_count_in_gap_ranking():
    answers = {
        "Beiarn": [{"ROP": row(1, 5)}],
        "Bodø": [{"ROP": row(1, 5)}] * 2,
        "Fauske": [{"ROP": row(1, 5)}] * 3,
        "Saltdal": [{"ROP": row(2, 4)}] * 4,
    }
    protected = summarise_matrix(["ROP"], answers, protect_small_groups=True)
    assert [g for g in protected.groups if protected.cell(g, "ROP").hidden] == [
        "Beiarn",
        "Bodø",
        "Fauske",
    ]
    gaps = rank_gaps(protected, min_groups=1)
    assert [g.groups for g in gaps] == [["Saltdal"]]


def test_rough_count_hides_small_totals_and_steps_by_five():
    assert [aggregate.rough_count(n) for n in (0, 1, 2)] == [None, None, None]
    assert [aggregate.rough_count(n) for n in (3, 4, 5, 9, 10, 14, 15)] == [3, 3, 5, 5, 10, 10, 15]


def test_rough_participation_leaves_out_small_groups_and_their_cover():
    counts = {"Bodø": 1, "Fauske": 4, "Saltdal": 12}
    # Bodø is small; Fauske is hidden with it so that the total minus Saltdal isolates nobody.
    assert aggregate.rough_participation(counts) == {"Saltdal": 10}
    assert aggregate.rough_participation({"Bodø": 7, "Fauske": 3}) == {"Bodø": 5, "Fauske": 3}
