"""Search statements built on parameters: one statement per shape of query and scope serves
every user, each with their own visibility keys and filters, and never runs unfilled."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import StatementError

from portal.extensions import db
from portal.search.engines import Scope, engine_for
from portal.search.models import SearchDocument as Doc
from tests.search.conftest import find


def test_one_statement_serves_users_of_different_scopes(users, build):
    build.routine("Bodøs utkast", "Om kakerlakk i utkastet.", state="draft")
    build.routine("Felles rutine", "Om kakerlakk for alle.")
    assert sorted(find(users["member"], "kakerlakk")) == ["Bodøs utkast", "Felles rutine"]
    assert find(users["other"], "kakerlakk") == ["Felles rutine"]
    assert sorted(find(users["colleague"], "kakerlakk")) == ["Bodøs utkast", "Felles rutine"]
    assert find(users["other"], "kakerlakk", kind="rutiner") == ["Felles rutine"]


def test_postgresql_builds_the_statement_once_per_shape(users, build):
    engine = engine_for(db.engine.dialect.name)
    if not hasattr(engine, "_statements"):
        pytest.skip("PostgreSQL keeps built statements")
    build.routine("Felles rutine", "Om kakerlakk og sjiraff for alle.")
    engine._statements.clear()
    find(users["member"], "kakerlakk")
    find(users["other"], "sjiraff")
    assert len(engine._statements) == 1  # a word each, no filters: the same shape
    find(users["other"], '"kakerlakk og"')
    find(users["other"], "kakerlakk", kind="rutiner")
    assert len(engine._statements) == 3


@pytest.mark.parametrize(
    "scope", [Scope(keys=("network",)), Scope(keys=("network",), kind="rutiner", municipality_id=1)]
)
def test_bound_filters_refuse_to_run_without_their_values(app, scope):
    statement = sa.select(Doc.id).where(*scope.filters(bound=True))
    with app.app_context():
        with pytest.raises(StatementError, match="scope_"):
            db.session.execute(statement)
        db.session.rollback()
        assert db.session.execute(statement, scope.parameters()).all() == []


def test_postgresql_asks_the_index_once_per_search(users, build):
    """Counts and the page of hits come from one statement: the index is asked once."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite counts and ranks in two statements")
    build.routine("Felles rutine", "Om kakerlakk for alle.")
    build.case("Sak om kakerlakk", "Kakerlakk i boligen.")
    statements = []

    def listener(_connection, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", listener)
    try:
        found = find(users["other"], "kakerlakk")
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listener)
    assert sorted(found) == ["Felles rutine", "Sak om kakerlakk"]
    assert sum("search_document" in statement for statement in statements) == 1
