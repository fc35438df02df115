"""Queries that match more documents than are ranked or counted: the caps, shown honestly.

The caps are lowered here (to 2) so that a handful of documents behaves like a word that
occurs in most of a large network's documents.
"""

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.search import services
from portal.search.services import Filters
from tests.helpers import login, text
from tests.search.conftest import find, person


@pytest.fixture
def small_caps(monkeypatch):
    """Count each kind up to 2 and rank all matches only up to 2."""
    monkeypatch.setattr(services, "COUNT_CAP", 2)
    monkeypatch.setattr(services, "RANK_DEPTH", 2)


@pytest.fixture
def many(build):
    """Five released routines and a draft about «ettervern», oldest first, two with the word
    in the title."""
    build.routine("Ettervern etter utskriving", "Om oppfølging.")
    build.routine("Gammel rutine", "Ettervern, ettervern og mer ettervern.")
    build.routine("Ettervern og hund", "Om hund på hjemmebesøk.")
    build.routine("Nyere rutine", "Om ettervern.")
    build.routine("Nyeste rutine", "Ettervern i korte trekk.")
    build.routine("Utkast", "Et utkast om ettervern.", state="draft")


TITLED = ["Ettervern etter utskriving", "Ettervern og hund"]


def test_title_matches_come_first_then_the_newest_text_matches(users, many, small_caps):
    found = find(users["member"], "ettervern")
    assert sorted(found[:2]) == TITLED
    assert sorted(found[2:]) == ["Nyeste rutine", "Utkast"]  # the two newest; «Gammel» is not


def test_exclusions_and_the_policy_hold_in_both_tiers(users, many, small_caps):
    found = find(users["member"], "ettervern -hund")
    assert found[0] == "Ettervern etter utskriving" and "Ettervern og hund" not in found
    other = find(users["other"], "ettervern")
    assert sorted(other[:2]) == TITLED and sorted(other[2:]) == ["Nyere rutine", "Nyeste rutine"]


def test_counts_stop_at_the_cap_and_say_so(users, many, small_caps):
    results = services.search(person(users["other"]), "ettervern", Filters())
    assert results.counts == {"rutiner": 3}  # the cap and one more: «over 2»
    assert results.total == 2 and results.total_shown() == "over 2"
    assert dict((kind.code, shown) for kind, shown in results.kinds())["rutiner"] == "over 2"
    assert services.search(person(users["other"]), "hund", Filters()).total_shown() == "1"


def test_without_caps_every_match_is_ranked_and_counted(users, many):
    results = services.search(person(users["member"]), "ettervern", Filters())
    assert results.counts == {"rutiner": 6} and results.total_shown() == "6"
    assert len(results.hits) == 6 and "Gammel rutine" in find(users["member"], "ettervern")


def test_the_page_shows_a_capped_count(client, users, many, small_caps):
    login(client, users["other"])
    page = text(client.get("/sok?q=ettervern"))
    assert "over 2 treff" in page and "Alle (over 2)" in page


def test_postgresql_plans_the_rest_of_the_request_as_before(users, many):
    """Counts and fully ranked hits are planned without sequential scans; the setting ends with
    them, so the request's later statements are planned as usual."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL planner setting")
    results = services.search(person(users["member"]), "ettervern", Filters())
    assert results.counts == {"rutiner": 6} and len(results.hits) == 6
    assert db.session.execute(sa.text("SHOW enable_seqscan")).scalar() == "on"
