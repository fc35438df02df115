"""Loading one object with the relationships its page shows (portal/core/loading.py)."""

import pytest
from sqlalchemy import event
from werkzeug.exceptions import NotFound

from portal.core.loading import get_or_404
from portal.extensions import db
from portal.network.models import Municipality
from portal.rutiner.models import Routine, RoutineVersion


def _statements_while(action):
    """Run ``action`` and return what it sent to the database."""
    sent: list[str] = []
    record = lambda *args: sent.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        result = action()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return result, sent


def test_related_objects_come_in_the_same_query_and_read_without_another(
    ctx, users, routine_factory
):
    routine_id = routine_factory(users["member"], "approved", approver=users["colleague"]).id
    member = users["member"].name
    db.session.expunge_all()
    related = ("municipality", "responsible", "released_version")
    routine, sent = _statements_while(lambda: get_or_404(Routine, routine_id, related))
    names, more = _statements_while(
        lambda: (
            routine.municipality.name,
            routine.responsible.name,
            routine.released_version.number,
        )
    )
    assert len(sent) == 1 and more == []
    assert names == ("Bodø", member, 1)


def test_two_relationships_to_one_class_each_get_their_own_object(ctx, users, routine_factory):
    routine = routine_factory(users["member"], "approved", approver=users["colleague"])
    version_id = routine.released_version.id
    expected = (users["member"].name, users["colleague"].name)
    db.session.expunge_all()
    version, _sent = _statements_while(
        lambda: get_or_404(RoutineVersion, version_id, ("author", "approved_by"))
    )
    (author, approver), more = _statements_while(lambda: (version.author, version.approved_by))
    assert more == []
    assert (author.name, approver.name) == expected


def test_a_missing_id_is_not_found_and_an_absent_relationship_is_none(ctx, users, routine_factory):
    with pytest.raises(NotFound):
        get_or_404(Routine, 999_999, ("municipality",))
    draft_id = routine_factory(users["member"]).id
    db.session.expunge_all()
    draft = get_or_404(Routine, draft_id, ("released_version",))
    _none, more = _statements_while(lambda: draft.released_version)
    assert draft.released_version is None and more == []


def test_a_relationship_one_step_further_comes_in_the_same_query(ctx, users, routine_factory):
    approved_id = routine_factory(users["member"], "approved", approver=users["colleague"]).id
    draft_id = routine_factory(users["member"], title="Utskrivning").id
    approver = users["colleague"].name
    db.session.expunge_all()
    related = ("released_version", "released_version.approved_by")
    routine, sent = _statements_while(lambda: get_or_404(Routine, approved_id, related))
    name, more = _statements_while(lambda: routine.released_version.approved_by.name)
    assert len(sent) == 1 and more == [] and name == approver
    draft = get_or_404(Routine, draft_id, related)
    assert draft.released_version is None


def test_an_object_already_loaded_comes_without_a_query_and_a_deleted_one_is_not_found(ctx, users):
    place = Municipality(network_id=users["member"].network_id, name="Prøvekommune", number="9999")
    db.session.add(place)
    db.session.commit()
    db.session.get(Municipality, place.id)  # loaded again after the commit expired it
    known, sent = _statements_while(lambda: get_or_404(Municipality, place.id))
    assert known is place and sent == []
    place_id = place.id
    db.session.commit()  # expires what was loaded: the next load reads the row again
    db.session.execute(Municipality.__table__.delete().where(Municipality.id == place_id))
    with pytest.raises(NotFound):
        get_or_404(Municipality, place_id)
