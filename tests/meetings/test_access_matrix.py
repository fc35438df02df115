"""The samling rules as a matrix: role x municipality x object state."""

import pytest

from portal.access import can
from portal.extensions import db
from portal.meetings import homework, minutes_book, signups
from portal.meetings.models import ActionItem, Responsible, Samling
from portal.network.models import User

PEOPLE = ["anonymous", "member", "colleague", "other", "moderator", "admin", "legal"]
EVERYONE = {"member", "colleague", "other", "moderator", "admin", "legal"}
COORDINATORS = {"moderator", "admin"}


@pytest.fixture
def objects(ctx, users, make_samling, place):
    """Objects in each state the rules care about."""
    moderator = db.session.get(User, users["moderator"].id)
    member = db.session.get(User, users["member"].id)
    shown = db.session.get(Samling, make_samling())
    hidden = db.session.get(Samling, make_samling(published=False))
    registration = signups.register(member, shown.days[1])
    draft = minutes_book.start_minutes(moderator, shown)
    every = homework.add_action_item(moderator, shown, title="Alle svarer")
    bodo = homework.add_action_item(moderator, shown, title="Bodø gjør", municipality_id=place("Bodø"),
                                    responsible=Responsible.MUNICIPALITY)  # fmt: skip
    db.session.flush()
    return {"shown": shown, "hidden": hidden, "day": shown.days[1], "hidden_day": hidden.days[0],
            "registration": registration, "draft": draft, "every": every, "bodo": bodo}  # fmt: skip


def who(users, name):
    """A matrix column's user (None for anonymous)."""
    return None if name == "anonymous" else db.session.get(User, users[name].id)


CASES = [
    ("meetings.view", "shown", EVERYONE),
    ("meetings.view", "hidden", COORDINATORS),
    ("meetings.view", "day", EVERYONE),
    ("meetings.manage", "shown", COORDINATORS),
    ("meetings.registrations", "day", COORDINATORS),
    ("meetings.register", "day", EVERYONE),
    ("meetings.register", "hidden_day", COORDINATORS),
    ("meetings.registration_change", "registration", {"member"}),
    ("meetings.minutes_view", "draft", COORDINATORS),
    ("meetings.minutes_edit", "draft", COORDINATORS),
    ("meetings.homework_view", "every", COORDINATORS),
    ("meetings.homework_answer", "every", set()),
    ("meetings.homework_manage", "every", COORDINATORS),
    ("meetings.homework_status", "bodo", COORDINATORS),
    ("meetings.key_figures", None, EVERYONE),
    ("meetings.calendar_feed", None, EVERYONE),
]


@pytest.mark.parametrize(("action", "thing", "allowed"), CASES)
@pytest.mark.parametrize("person", PEOPLE)
def test_matrix_before_publishing(users, objects, action, thing, allowed, person):
    obj = objects[thing] if thing else None
    assert can(who(users, person), action, obj) is (person in allowed)


PUBLISHED = [
    ("meetings.minutes_view", "draft", EVERYONE),
    ("meetings.minutes_edit", "draft", set()),
    ("meetings.homework_view", "every", EVERYONE),
    ("meetings.homework_answer", "every", {"member", "colleague", "other"}),
    ("meetings.homework_status", "bodo", COORDINATORS | {"member", "colleague"}),
    ("meetings.homework_status", "every", COORDINATORS),
]


@pytest.mark.parametrize(("action", "thing", "allowed"), PUBLISHED)
@pytest.mark.parametrize("person", PEOPLE)
def test_matrix_after_publishing(users, objects, action, thing, allowed, person):
    minutes_book.publish_minutes(who(users, "moderator"), objects["draft"])
    assert can(who(users, person), action, objects[thing]) is (person in allowed)


def test_closed_item_cannot_be_answered(users, objects):
    minutes_book.publish_minutes(who(users, "moderator"), objects["draft"])
    item: ActionItem = objects["every"]
    homework.set_item_status(who(users, "moderator"), item, "done")
    assert not can(who(users, "member"), "meetings.homework_answer", item)


def test_deactivated_member_may_not_register(users, objects):
    member = who(users, "member")
    member.active = False
    assert not can(member, "meetings.register", objects["day"])
    assert not can(member, "meetings.registration_change", objects["registration"])
