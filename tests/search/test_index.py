"""The index follows every change in the same transaction: edit, withdraw, unpublish, delete."""

from datetime import timedelta

import sqlalchemy as sa

from portal.cases import services as cases
from portal.core.dates import utcnow
from portal.extensions import db
from portal.meetings import services as meetings
from portal.network import services as network
from portal.rutiner import approval
from portal.rutiner import services as rutiner
from portal.rutiner.models import Routine
from portal.search import services
from portal.search.models import SearchDocument
from portal.search.services import Filters
from tests.cases.factories import case_data
from tests.search.conftest import find, person


def documents() -> list[tuple]:
    """Every document's identity and words, in a stable order."""
    rows = db.session.execute(
        sa.select(
            SearchDocument.source, SearchDocument.object_id, SearchDocument.part,
            SearchDocument.title, SearchDocument.body, SearchDocument.visibility,
        ).order_by(SearchDocument.source, SearchDocument.object_id, SearchDocument.part)
    )  # fmt: skip
    return [tuple(row) for row in rows]


def test_a_new_released_version_replaces_the_old_text(build, users):
    routine = build.routine("Hjemmebesøk", "Første tekst om vaskehjelp.")
    member, colleague = person(users["member"]), person(users["colleague"])
    rutiner.save_draft(
        member, routine, base_number=1, title="Hjemmebesøk i par", body="Ny tekst om nøkkelboks.",
        change_note="",
    )  # fmt: skip
    db.session.commit()
    assert find(users["other"], "vaskehjelp") == ["Hjemmebesøk"]
    assert find(users["other"], "nøkkelboks") == []
    assert find(users["member"], "nøkkelboks") == ["Hjemmebesøk i par"]
    approval.submit(member, routine, colleague)
    approval.approve(colleague, routine, significant=True)
    db.session.commit()
    assert find(users["other"], "vaskehjelp") == []
    assert find(users["other"], "nøkkelboks") == ["Hjemmebesøk i par"]
    assert find(users["member"], "nøkkelboks") == ["Hjemmebesøk i par"]  # the draft is gone


def test_withdrawing_a_routine_removes_it(build, users):
    routine = build.routine("Tvang", "Om tvangsinnleggelse.")
    approval.withdraw(person(users["member"]), routine)
    db.session.commit()
    assert find(users["member"], "tvangsinnleggelse") == []


def test_deleting_a_draft_routine_removes_it(build, users):
    routine = build.routine("Skisse", "Om skisser.", state="draft")
    assert find(users["member"], "skisser") == ["Skisse"]
    approval.delete_routine(person(users["member"]), routine)
    db.session.commit()
    assert find(users["member"], "skisser") == []
    assert documents() == [d for d in documents() if d[0] != "routine"]


def test_editing_a_published_case_unpublishes_it_from_search(build, users):
    case = build.case("Bolig og rus", "Om husbanken.")
    assert find(users["member"], "husbanken") == ["Bolig og rus"]
    cases.update_case(
        person(users["other"]), case, case_data(title="Bolig og rus", situation="Om husbanken."),
        expected_version=case.version,
    )  # fmt: skip
    db.session.commit()
    assert find(users["member"], "husbanken") == []
    assert find(users["other"], "husbanken") == []  # only published cases are searched


def test_withdrawn_and_purged_cases_are_gone(build, users):
    case = build.case("Overgang", "Om utskrivning.")
    cases.withdraw(person(users["moderator"]), case, "Kan kjennes igjen")
    db.session.commit()
    assert find(users["moderator"], "utskrivning") == []
    cases.purge_withdrawn(0, now=utcnow() + timedelta(days=1))
    db.session.commit()
    assert [d for d in documents() if d[0] == "case"] == []


def test_unpublishing_a_samling_hides_programme_minutes_and_homework(build, users):
    samling = build.samling(
        "Vintersamling", description="Tema: ettervern.", minutes="published", decisions="Vedtak om ettervern."
    )  # fmt: skip
    build.homework(samling, "Ettervern i praksis")
    assert len(find(users["member"], "ettervern")) == 3
    day = samling.days[0]
    meetings.update_samling(
        person(users["moderator"]), samling, title=samling.title,
        days=[meetings.day_data(day)], description=samling.description, published=False,
    )  # fmt: skip
    db.session.commit()
    assert find(users["member"], "ettervern") == []
    assert len(find(users["moderator"], "ettervern")) == 3


def test_agenda_items_are_searched_with_their_samling_and_leave_with_them(build, users):
    samling = build.samling("Høstsamling")
    item = meetings.add_agenda_item(
        person(users["moderator"]), samling.days[0], "Foredrag om motiverende intervju"
    )
    db.session.commit()
    assert find(users["other"], "motiverende") == ["Høstsamling"]
    meetings.remove_agenda_item(person(users["moderator"]), item)
    db.session.commit()
    assert find(users["other"], "motiverende") == []


def test_deactivated_members_are_not_found(build, users):
    assert find(users["member"], "Hilde") == ["Hilde Fauske"]
    network.deactivate(person(users["admin"]), person(users["other"]))
    db.session.commit()
    assert find(users["member"], "Hilde") == []


def test_a_rolled_back_change_leaves_the_index_as_it_was(build, users):
    build.routine("Rus", "Om substitusjonsbehandling.")
    before = documents()
    routine = db.session.scalars(sa.select(Routine)).one()
    approval.withdraw(person(users["member"]), routine)
    db.session.flush()
    assert find(users["member"], "substitusjonsbehandling") == []
    db.session.rollback()
    assert documents() == before
    assert find(users["member"], "substitusjonsbehandling") == ["Rus"]


def test_reindex_rebuilds_the_same_index(app, build, users):
    build.routine("Hjemmebesøk", "Tekst.")
    build.routine("Utkast", "Tekst.", state="draft")
    build.case("Sak", "Tekst.")
    build.samling("Samling", minutes="published", decisions="Tekst.")
    before = documents()
    db.session.execute(sa.delete(SearchDocument))
    db.session.commit()
    assert find(users["member"], "tekst") == []
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0 and "Søkeindeksen er bygd på nytt" in result.output
    db.session.expire_all()
    assert documents() == before
    assert len(find(users["member"], "tekst")) == 4
    again = app.test_cli_runner().invoke(args=["search", "reindex", "--if-empty"])
    assert "allerede bygd" in again.output


def test_filters_by_kind_municipality_and_date(build, users, place):
    build.routine("Bodø-rutine", "Om ettervern.")
    build.routine("Fauske-rutine", "Om ettervern.", author="other", place_name="Fauske")
    build.case("Ettervernssak", "Om ettervern.")
    member = person(users["member"])
    assert len(find(member, "ettervern")) == 3
    assert sorted(find(member, "ettervern", kind="rutiner")) == ["Bodø-rutine", "Fauske-rutine"]
    assert sorted(find(member, "ettervern", municipality_id=place("Fauske"))) == [
        "Ettervernssak", "Fauske-rutine",
    ]  # fmt: skip
    today = utcnow().date()
    assert find(member, "ettervern", date_to=today - timedelta(days=1)) == []
    assert len(find(member, "ettervern", date_from=today)) == 3
    counts = services.search(member, "ettervern", Filters(kind="saker")).counts
    assert counts == {"rutiner": 2, "saker": 1}


def test_pages_split_the_hits(build, users):
    for number in range(5):
        build.routine(f"Rutine {number}", "Om ettervern.")
    member = person(users["member"])
    first = services.search(member, "ettervern", Filters(page=1), per_page=2)
    third = services.search(member, "ettervern", Filters(page=3), per_page=2)
    assert first.total == 5 and len(first.hits) == 2 and len(third.hits) == 1


def test_phrase_prefix_and_exclusion(build, users):
    build.routine("Alene", "Hjemmebesøk alene krever avtale.")
    build.routine("Sammen", "Alene er ingen på hjemmebesøk.")
    member = person(users["member"])
    assert find(member, '"hjemmebesøk alene"') == ["Alene"]
    assert sorted(find(member, "hjemme*")) == ["Alene", "Sammen"]
    assert find(member, "hjemmebesøk -avtale") == ["Sammen"]
