"""Look-alike names: nobody poses as the moderator or as another participant."""

import pytest

from portal.core.lookalike import looks_like, skeleton, staff_label_in


@pytest.mark.parametrize(
    "name",
    ["Marte Sandvik (Moderatør)", "Marte (moderator)", "M\u043ederator", "MODERATOR",
     "Ｍｏｄｅｒａｔｏｒ", "m o d e r a t o r", "mod-era.tor", "Rnoderator", "Koordinatoren",
     "Admin", "jurist Henrik", "M\u043ed\u0435rat\u043er"],
)  # fmt: skip
def test_staff_titles_are_found_in_any_spelling(name):
    assert staff_label_in(name) is not None


@pytest.mark.parametrize("name", ["Kari", "Deltaker 3", "Marte Sandvik", "Ådne", "Øystein"])
def test_ordinary_names_carry_no_staff_title(name):
    assert staff_label_in(name) is None


def test_cyrillic_and_accented_copies_of_a_name_look_alike():
    assert looks_like("Marte Sandvik", "M\u0430rte S\u0430ndvik")
    assert looks_like("Marte Sandvik", "marte  sandvík")
    assert looks_like("Ola", "0la")
    assert not looks_like("Ola", "Ole")


def test_skeleton_keeps_norwegian_names_readable():
    assert skeleton("Øystein Ås") == "oysteinas"


def test_numbered_default_names_stay_apart():
    assert len({skeleton(f"Deltaker {n}") for n in range(1, 200)}) == 199
