"""The chat peer: a bare python-socketio broadcast server (no login, no access checks, no
database) on the stack it is served by, so what the portal costs beyond it is its own.

``app`` is a WSGI app for gunicorn (the gevent worker patches the standard library first, and
the server then uses gevent, like the portal's chat process); ``serve(port)`` serves it with
threads under werkzeug, like the portal's embedded default.
"""

import itertools

import socketio

from portal.extensions import async_mode

NAMESPACE = "/debrief"


def build() -> socketio.WSGIApp:
    """The bare server: join enters the one room, send broadcasts the body to it."""
    server = socketio.Server(async_mode=async_mode())
    counter = itertools.count(1)

    @server.on("join", namespace=NAMESPACE)
    def join(sid, data):
        server.enter_room(sid, "room", namespace=NAMESPACE)
        return {"ok": True}

    @server.on("send", namespace=NAMESPACE)
    def send(sid, data):
        message = {"id": next(counter), "html": data["body"]}
        server.emit("chat", message, room="room", namespace=NAMESPACE)
        return {"ok": True, "id": message["id"]}

    return socketio.WSGIApp(server)


def serve(port: int) -> None:
    """Serve the peer with threads under werkzeug (the embedded default's stack)."""
    from werkzeug.serving import run_simple

    run_simple("127.0.0.1", port, build(), threaded=True)


app = build() if async_mode() == "gevent" else None
