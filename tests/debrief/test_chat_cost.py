"""What chat costs the database: a message persisted once before it is broadcast, a join's history
read with its authors at once."""

import re
import threading

from sqlalchemy import event

from portal.extensions import db
from tests.debrief.conftest import ack
from tests.debrief.test_chat import logged_in, room


def statements_during(app, action) -> list[str]:
    """The SQL statements the server runs in this thread while ``action()`` is answered (a
    presence task left by joining may query from its own thread meanwhile)."""
    statements: list[str] = []
    answering = threading.get_ident()

    def listen(*args) -> None:
        if threading.get_ident() == answering:
            statements.append(args[2])

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            action()
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
    return statements


def test_a_moderator_joining_loads_the_authors_of_the_history_at_once(
    app, sockets, make_session, register, users
):
    session_id, moderator, member = room(app, sockets, make_session, register, users)
    register(session_id, users["colleague"])
    colleague = sockets(logged_in(app, users["colleague"]))
    assert ack(colleague, "join", {"session": session_id})["ok"]
    for number in range(3):
        for writer in (member, colleague, moderator):
            ack(writer, "send", {"session": session_id, "body": f"Melding {number}."})
    second = sockets(logged_in(app, users["moderator"]))
    answers = []
    statements = statements_during(
        app, lambda: answers.append(ack(second, "join", {"session": session_id}))
    )
    writers = {users[key].name for key in ("member", "colleague", "moderator")}
    assert {m["name"] for m in answers[0]["messages"]} == writers
    reads_after_history = statements[
        next(i for i, s in enumerate(statements) if "FROM debrief_message" in s) :
    ]
    author_reads = [
        s
        for s in reads_after_history
        if re.search(r'FROM "?user"?\s', s) and "debrief_connection" not in s  # not presence
    ]
    assert len(author_reads) == 1, "one read of the authors, not one per author"


def test_a_message_is_one_insert_and_one_commit(app, sockets, make_session, register, users):
    session_id, _moderator, member = room(app, sockets, make_session, register, users)
    ack(member, "send", {"session": session_id, "body": "Første melding."})
    answers = []
    statements = statements_during(
        app,
        lambda: answers.append(ack(member, "send", {"session": session_id, "body": "Takk."})),
    )
    assert answers[0]["ok"]
    kinds = [statement.split()[0] for statement in statements]
    assert kinds.count("INSERT") == 1
    assert kinds.index("INSERT") == len(kinds) - 1, "nothing is read again after the commit"
    assert kinds.count("SELECT") == 1, "the room and the registration, read together"
    assert not any("login_session" in statement for statement in statements), (
        "the socket's grant from join stands in for the login session"
    )
