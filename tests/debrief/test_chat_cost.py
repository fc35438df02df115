"""What one chat message costs the database: persisted once before it is broadcast."""

from sqlalchemy import event

from portal.extensions import db
from tests.debrief.conftest import ack
from tests.debrief.test_chat import room


def test_a_message_is_one_insert_and_one_commit(app, sockets, make_session, register, users):
    session_id, _moderator, member = room(app, sockets, make_session, register, users)
    ack(member, "send", {"session": session_id, "body": "Første melding."})
    statements: list[str] = []
    listen = lambda *args: statements.append(args[2])  # noqa: E731
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            assert ack(member, "send", {"session": session_id, "body": "Takk for i dag."})["ok"]
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
    kinds = [statement.split()[0] for statement in statements]
    assert kinds.count("INSERT") == 1
    assert kinds.index("INSERT") == len(kinds) - 1, "nothing is read again after the commit"
    assert kinds.count("SELECT") == 1, "the room and the registration, read together"
    assert not any("login_session" in statement for statement in statements), (
        "the socket's grant from join stands in for the login session"
    )
