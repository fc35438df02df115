"""Operations: health endpoints and structured request logs."""

import json
import logging
import re

from sqlalchemy import event

from portal.cases.services import create_case
from portal.extensions import db
from portal.logs import JsonFormatter
from portal.network.models import User
from tests.cases.factories import case_data
from tests.helpers import login


def test_healthz_is_public_and_says_nothing_else(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_checks_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready"}


def test_readyz_reports_unreachable_redis_without_details(app, client):
    saved = app.config["REDIS_URL"]
    app.config["REDIS_URL"] = "redis://127.0.0.1:9/0"
    try:
        response = client.get("/readyz")
    finally:
        app.config["REDIS_URL"] = saved
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}


def request_lines(caplog) -> list[dict]:
    """The request log records, formatted as the JSON lines they become."""
    formatter = JsonFormatter()
    return [
        json.loads(formatter.format(record))
        for record in caplog.records
        if record.name == "portal.request"
    ]


def test_one_json_line_per_request_without_personal_data(client, users, caplog):
    caplog.set_level(logging.INFO, logger="portal.request")
    login(client, users["member"])
    client.get("/invitasjon/hemmelig-token-123", headers={"X-Request-ID": "test-request-0001"})
    client.get(f"/medlemmer/{users['colleague'].id}")
    lines = request_lines(caplog)
    assert [line["route"] for line in lines][-2:] == [
        "/invitasjon/<token>",
        "/medlemmer/<int:user_id>",
    ]
    token_line, member_line = lines[-2:]
    assert token_line["request_id"] == "test-request-0001"
    assert token_line["status"] == 404
    assert member_line["user_id"] == users["member"].id
    assert member_line["status"] == 200 and member_line["duration_ms"] >= 0
    everything = json.dumps(lines, ensure_ascii=False)
    for secret in ("hemmelig-token-123", users["member"].email, "Kari Bodø", "Ola Bodø"):
        assert secret not in everything


def test_request_id_is_returned(client):
    response = client.get("/healthz", headers={"X-Request-ID": "abcdef12-3456"})
    assert response.headers["X-Request-ID"] == "abcdef12-3456"
    generated = client.get("/healthz", headers={"X-Request-ID": "<script>"}).headers["X-Request-ID"]
    assert generated != "<script>" and len(generated) == 32


def test_health_check_loads_no_user_and_a_page_loads_session_and_user_together(app, client, users):
    login(client, users["member"])
    statements: list[str] = []
    with app.app_context():
        listen = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            assert client.get("/healthz").status_code == 200
            assert statements == []
            client.get("/profil")
            user_queries = [s for s in statements if re.search(r'(FROM|JOIN) "?user"?\b', s)]
            assert "login_session" in statements[0] and "JOIN" in statements[0]
            assert user_queries == [statements[0]]
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)


def test_two_factor_check_reads_the_network_loaded_with_the_session(app, client, users):
    app.config["TWO_FACTOR_ENFORCED"] = True  # members without 2FA: the network setting decides
    login(client, users["member"])
    statements: list[str] = []
    try:
        with app.app_context():
            listen = lambda *args: statements.append(args[2])  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listen)
            try:
                assert client.get("/konto").status_code == 200
            finally:
                event.remove(db.engine, "before_cursor_execute", listen)
    finally:
        app.config["TWO_FACTOR_ENFORCED"] = False
    network_queries = [s for s in statements if re.search(r'(FROM|JOIN) "?network"?\b', s)]
    assert network_queries == [statements[0]]


def test_a_page_that_commits_logs_its_user_without_loading_it_again(app, client, users, caplog):
    """The case page commits the view it records, which expires the user; the log line after
    it reads the user's id from the identity map instead of querying."""
    caplog.set_level(logging.INFO, logger="portal.request")
    login(client, users["member"])
    with app.app_context():
        case = create_case(db.session.get(User, users["member"].id), case_data())
        db.session.commit()
        case_id = case.id
        statements: list[str] = []
        record = lambda *args: statements.append(args[2])  # noqa: E731
        committed = lambda *args: statements.append("COMMIT")  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", record)
        event.listen(db.engine, "commit", committed)
        try:
            assert client.get(f"/saker/{case_id}").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
            event.remove(db.engine, "commit", committed)
    last_commit = len(statements) - 1 - statements[::-1].index("COMMIT")
    assert statements[last_commit + 1 :] == []
    assert request_lines(caplog)[-1]["user_id"] == users["member"].id
