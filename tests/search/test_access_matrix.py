"""Search passes the same policy as the pages: roles x object states, on the suite's engine.

Each row puts a word that occurs nowhere else into one object in one state, and names who may
find it. Everyone else gets no hit, no count and no snippet for that word.
"""

import pytest

from portal.cases import services as cases
from portal.extensions import db
from portal.rutiner import approval
from portal.rutiner import services as rutiner
from portal.search import services
from tests.search.conftest import find, person

EVERYONE = {"member", "colleague", "other", "moderator", "admin", "legal"}
BODO = {"member", "colleague"}
COORDINATORS = {"moderator", "admin"}
NOBODY: set[str] = set()


def released_with_new_draft(build):
    routine = build.routine("Lemen-rutine", "Rutinen om ekorn i godkjent tekst.")
    rutiner.save_draft(
        person(routine.responsible), routine, base_number=1, title="Lemen-rutine",
        body="Nytt utkast om bever.", change_note="",
    )  # fmt: skip
    db.session.commit()
    return routine


def withdrawn_case(build, users):
    case = build.case("Trukket sak", "Her står gnu.")
    cases.withdraw(person(users["other"]), case, "Feil")
    db.session.commit()


def expired_routine(build, users):
    routine = build.routine("Gammel rutine", "Om struts.")
    approval.withdraw(person(users["member"]), routine)
    db.session.commit()


MATRIX = [
    ("hjemmebesøket", EVERYONE, lambda b, u: b.routine("Hjemmebesøk alene", "Når en ansatt gjør hjemmebesøk alene.")),
    ("kakerlakk", BODO, lambda b, u: b.routine("Bodøs utkast", "Om kakerlakk.", state="draft")),
    ("marsvin", BODO, lambda b, u: b.routine("Til godkjenning", "Om marsvin.", state="pending")),
    ("sjiraff", COORDINATORS, lambda b, u: b.routine("Felles utkast", "Om sjiraff.", state="draft", author="moderator", place_name=None)),
    ("ekorn", EVERYONE, lambda b, u: released_with_new_draft(b)),
    ("bever", BODO, lambda b, u: released_with_new_draft(b)),
    ("struts", NOBODY, expired_routine),
    ("pelikan", EVERYONE, lambda b, u: b.case("Publisert sak", "Om pelikan.")),
    ("krokodille", NOBODY, lambda b, u: b.case("Utkast til sak", "Om krokodille.", state="draft")),
    ("flamingo", NOBODY, lambda b, u: b.case("Sak til vurdering", "Om flamingo.", state="review")),
    ("gnu", NOBODY, withdrawn_case),
    ("fact", EVERYONE, lambda b, u: b.samling("Novembersamling", minutes="published", decisions="Vi innfører FACT.")),
    ("neshorn", NOBODY, lambda b, u: b.samling("Utkastsamling", minutes="draft", decisions="Om neshorn.")),
    ("isbjørn", COORDINATORS, lambda b, u: b.samling("Skjult samling", description="Om isbjørn.", published=False)),
    ("ventetid", EVERYONE, lambda b, u: b.homework(b.samling("S1", minutes="published", decisions="Ja."), "Kartlegg ventetid")),
    ("sebra", COORDINATORS, lambda b, u: b.homework(b.samling("S2", minutes="draft", decisions="Ja."), "Hjemmelekse om sebra")),
    ("kenguru", EVERYONE, lambda b, u: b.debrief("Debrifing", "Vi starter med kenguru.")),
    ("panda", NOBODY, lambda b, u: b.debrief("Defusing", "Om panda.", defusing=True)),
]  # fmt: skip


@pytest.mark.parametrize(("word", "finders", "make"), MATRIX, ids=[row[0] for row in MATRIX])
def test_who_finds_what(build, users, word, finders, make):
    make(build, users)
    for role, user in users.items():
        results = services.search(person(user), word, services.Filters())
        if role in finders:
            assert results.total == 1, f"{role} should find «{word}»"
            assert "<mark>" in str(results.hits[0].snippet) + str(results.hits[0].title)
        else:
            assert results.total == 0 and results.counts == {} and results.hits == [], (
                f"{role} must not find «{word}»"
            )
        assert not services.suggest(person(user), word) or role in finders


def test_counts_include_only_what_the_user_may_see(build, users):
    build.routine("Innleggelse frivillig", "Innleggelse etter avtale.")
    build.routine("Innleggelse utkast", "Innleggelse med tvang.", state="draft")
    build.case("Innleggelse i sak", "Innleggelse som gikk bra.", state="draft")
    other = services.search(person(users["other"]), "innleggelse", services.Filters())
    assert other.total == 1 and other.counts == {"rutiner": 1}
    own = services.search(person(users["member"]), "innleggelse", services.Filters())
    assert own.total == 2 and own.counts == {"rutiner": 2}


def test_member_names_are_found_but_nothing_private(build, users):
    titles = find(users["other"], "Kari")
    assert titles == ["Kari Bodø"]
    assert find(users["other"], users["member"].email.split("@")[0]) == []
