"""Fixtures for debriefing: sessions made through the services, and Socket.IO test clients."""

from datetime import timedelta

import pytest
import socketio as socketio_package
from socketio.pubsub_manager import PubSubManager

from portal.core.dates import utcnow
from portal.debrief import services
from portal.debrief.chat import NAMESPACE
from portal.debrief.models import DebriefSession
from portal.extensions import db, socketio
from portal.network.models import User
from tests.conftest import in_app_context


@pytest.fixture
def make_session(app):
    """Create a session: make_session(moderator, starts_in=minutes, opened=bool) -> id."""

    def create(moderator, starts_in: int = -5, length: int = 120, opened: bool = False) -> int:
        with in_app_context(app):
            now = utcnow()
            session = DebriefSession(
                title="Debrifing",
                starts_at=now + timedelta(minutes=starts_in),
                ends_at=now + timedelta(minutes=starts_in + length),
                moderator_id=moderator.id,
                created_by_id=moderator.id,
                opened_at=now if opened else None,
            )
            db.session.add(session)
            db.session.commit()
            return session.id

    return create


@pytest.fixture
def register(app):
    """Register a user for a session: register(session_id, user, name="") -> participant id."""

    def add(session_id: int, user, display_name: str = "") -> int:
        with in_app_context(app):
            session = db.session.get(DebriefSession, session_id)
            participant = services.register(session, db.session.get(User, user.id), display_name)
            db.session.commit()
            return participant.id

    return add


@pytest.fixture
def sockets(app):
    """Open Socket.IO test clients for logged-in HTTP clients; restore the real server after.

    The test client cannot ride a message queue, so with REDIS_URL set the server gets a local
    manager for the test; the two-process test covers the Redis path for real.
    """
    server = socketio.server
    saved_manager = server.manager
    saved_async = (server.async_handlers, server.eio.async_handlers)
    if isinstance(saved_manager, PubSubManager):
        local = socketio_package.Manager()
        local.set_server(server)
        server.manager = local
    opened = []

    def connect(http_client):
        client = socketio.test_client(app, namespace=NAMESPACE, flask_test_client=http_client)
        opened.append(client)
        return client

    yield connect
    for client in opened:
        if client.is_connected(NAMESPACE):
            client.disconnect(namespace=NAMESPACE)
    for name in ("_send_packet", "_send_eio_packet"):
        server.__dict__.pop(name, None)
    server.async_handlers, server.eio.async_handlers = saved_async
    server.manager = saved_manager


def events(client, name: str) -> list:
    """The payloads of received events called ``name`` (and forget everything received)."""
    return [item["args"][0] for item in client.get_received(NAMESPACE) if item["name"] == name]


def ack(client, event: str, data) -> dict:
    """Emit an event and return the server's acknowledgement."""
    return client.emit(event, data, namespace=NAMESPACE, callback=True)
