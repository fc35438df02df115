"""Benchmark for the debrief chat: 200 python-socketio clients in one room, each sending messages.

Run: .venv/bin/python bench/chat.py [--clients 200] [--messages 3]   (loopback only, < 3 min)

Starts the portal as `python wsgi.py` (the embedded default: threading mode, werkzeug,
simple-websocket, a temporary SQLite database built by the migrations, 200 registered members
with login sessions) and, in the same run, a bare python-socketio broadcast server on the same
stack (threading, werkzeug, simple-websocket; no login, no access checks, no database). The same
asyncio clients join one room on each and send; it prints p50/p95 send->receive latency,
deliveries per second, lost and duplicated deliveries, and the portal/bare ratios.
"""

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="bench-chat-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.db'}"
os.environ.pop("REDIS_URL", None)
os.environ["PORTAL_ENV"] = "development"
os.environ["SECRET_KEY"] = "bench-secret-shared-by-both-processes"
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
import socketio  # noqa: E402

NAMESPACE = "/debrief"
PASSWORD = "bench-passord-som-er-langt"


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- The bare server ---------------------------------------------------------------------------


def serve_bare(port: int) -> None:
    """A bare python-socketio broadcast server on the portal's stack (run in a subprocess)."""
    from werkzeug.serving import run_simple

    server = socketio.Server(async_mode="threading")
    counter = iter(range(1, 10**9))

    @server.on("join", namespace=NAMESPACE)
    def join(sid, data):
        server.enter_room(sid, "room", namespace=NAMESPACE)
        return {"ok": True}

    @server.on("send", namespace=NAMESPACE)
    def send(sid, data):
        message = {"id": next(counter), "html": data["body"]}
        server.emit("chat", message, room="room", namespace=NAMESPACE)
        return {"ok": True, "id": message["id"]}

    run_simple("127.0.0.1", port, socketio.WSGIApp(server), threaded=True)


# --- The portal --------------------------------------------------------------------------------


def seed_portal(clients: int) -> tuple[int, list[str]]:
    """Build the database, add members registered for one open session and log them in.

    Logging in goes through the portal's own ``log_in_user`` (a server-side login session and
    the signed cookie); only the argon2 password check is skipped, which would dominate setup.
    """
    from flask import session as flask_session
    from flask_migrate import upgrade

    from portal import create_app
    from portal.core.dates import utcnow
    from portal.debrief import services
    from portal.debrief.models import DebriefSession
    from portal.extensions import db
    from portal.network import demo
    from portal.network.models import Role, User
    from portal.network.routes import log_in_user
    from portal.network.services import hash_password

    app = create_app()
    with app.app_context():
        upgrade()
        network = demo.ensure_network()
        password_hash = hash_password(PASSWORD)
        place = network.municipalities[0]
        people = [
            User(network=network, municipality=place, email=f"bench{i}@bench.example",
                 name=f"Bench {i}", role=Role.MEMBER, password_hash=password_hash)
            for i in range(clients + 1)
        ]  # fmt: skip
        people[0].role = Role.MODERATOR
        db.session.add_all(people)
        db.session.flush()
        now = utcnow()
        session = DebriefSession(
            title="Bench", starts_at=now, ends_at=now.replace(year=now.year + 1),
            moderator_id=people[0].id, created_by_id=people[0].id, opened_at=now,
        )  # fmt: skip
        db.session.add(session)
        db.session.flush()
        for person in people[1:]:
            services.register(session, person)
        db.session.commit()
        session_id = session.id
        serializer = app.session_interface.get_signing_serializer(app)
        cookie_name = app.config["SESSION_COOKIE_NAME"]
        cookies = []
        for person in people[1:]:
            with app.test_request_context("/logg-inn", headers={"User-Agent": "bench"}):
                log_in_user(db.session.get(User, person.id))
                cookies.append(f"{cookie_name}={serializer.dumps(dict(flask_session))}")
        return session_id, cookies


def start(command: list[str], env: dict, url: str) -> subprocess.Popen:
    """Start a server process and wait until it answers."""
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited: {command}")
        try:
            requests.get(url + "/socket.io/?EIO=4&transport=polling", timeout=1)
            return process
        except requests.ConnectionError:
            time.sleep(0.2)
    raise SystemExit(f"server did not start: {command}")


# --- The load ----------------------------------------------------------------------------------


async def run_load(url: str, cookies: list[str | None], session_id: int, messages: int) -> dict:
    """Connect every client, join, send, wait for deliveries; return the measurements."""
    count = len(cookies)
    received: list[dict[str, int]] = [{} for _ in range(count)]
    latencies: list[float] = []
    sent_at: dict[str, float] = {}
    clients = [socketio.AsyncClient(reconnection=False) for _ in range(count)]
    last_receipt = [0.0]

    for index, client in enumerate(clients):

        def on_chat(message, index=index):
            now = time.perf_counter()
            body = message["html"]
            seen = received[index]
            seen[body] = seen.get(body, 0) + 1
            if body in sent_at and seen[body] == 1:
                latencies.append(now - sent_at[body])
            last_receipt[0] = now

        client.on("chat", on_chat, namespace=NAMESPACE)

    retries = [0]

    async def connect(index: int) -> None:
        headers = {"Cookie": cookies[index]} if cookies[index] else {}
        for attempt in range(5):
            try:
                await clients[index].connect(
                    url, headers=headers, namespaces=[NAMESPACE], transports=["websocket"]
                )
                return
            except socketio.exceptions.ConnectionError as error:
                retries[0] += 1
                last = error
                await asyncio.sleep(0.5 * (attempt + 1))
        raise SystemExit(f"client {index} could not connect: {last!r}")

    for start_at in range(0, count, 10):
        await asyncio.gather(*(connect(i) for i in range(start_at, min(start_at + 10, count))))
    joins = await asyncio.gather(
        *(c.call("join", {"session": session_id}, namespace=NAMESPACE, timeout=60) for c in clients)
    )
    refused = [reply for reply in joins if not reply["ok"]]
    if refused:
        raise SystemExit(f"{len(refused)} clients could not join: {refused[0]['error']}")
    await asyncio.sleep(1.5)

    accepted: list[str] = []

    async def sender(index: int) -> None:
        for number in range(messages):
            await asyncio.sleep(random.uniform(0, 1.0))
            body = f"bench-{index}-{number}"
            sent_at[body] = time.perf_counter()
            reply = await clients[index].call(
                "send", {"session": session_id, "body": body}, namespace=NAMESPACE, timeout=60
            )
            if reply.get("ok"):
                accepted.append(body)

    started = time.perf_counter()
    await asyncio.gather(*(sender(i) for i in range(count)))
    expected = len(accepted) * count
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline:
        delivered = sum(1 for seen in received for body in accepted if body in seen)
        if delivered >= expected:
            break
        await asyncio.sleep(0.2)
    elapsed = last_receipt[0] - started
    delivered = sum(1 for seen in received for body in accepted if body in seen)
    duplicated = sum(n - 1 for seen in received for n in seen.values() if n > 1)
    await asyncio.gather(*(c.disconnect() for c in clients))
    latencies.sort()
    return {
        "sent": len(sent_at),
        "accepted": len(accepted),
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "rate": delivered / elapsed if elapsed > 0 else 0.0,
        "lost": expected - delivered,
        "duplicated": duplicated,
        "retries": retries[0],
    }


def report(name: str, result: dict) -> None:
    """Print one line of results."""
    print(
        f"{name:<6} sent {result['sent']:>5}  accepted {result['accepted']:>5}  "
        f"p50 {result['p50']:8.1f} ms  p95 {result['p95']:8.1f} ms  "
        f"{result['rate']:9.0f} deliveries/s  lost {result['lost']}  duplicated {result['duplicated']}  "
        f"connect retries {result['retries']}",
        flush=True,
    )


def main() -> None:
    """Run the same load against the bare server and the portal."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--messages", type=int, default=3)
    parser.add_argument("--bare-server", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_server:
        serve_bare(args.bare_server)
        return

    random.seed(7)
    print(
        f"{args.clients} clients in one room, {args.messages} messages each, loopback", flush=True
    )
    bare_url = f"http://127.0.0.1:{(bare_port := free_port())}"
    bare = start(
        [sys.executable, __file__, "--bare-server", str(bare_port)], dict(os.environ), bare_url
    )
    try:
        bare_result = asyncio.run(run_load(bare_url, [None] * args.clients, 1, args.messages))
    finally:
        bare.terminate()
        bare.wait(10)
    report("bare", bare_result)

    session_id, cookies = seed_portal(args.clients)
    portal_url = f"http://127.0.0.1:{(portal_port := free_port())}"
    env = {**os.environ, "PORT": str(portal_port), "HOST": "127.0.0.1"}
    portal = start([sys.executable, "wsgi.py"], env, portal_url)
    try:
        portal_result = asyncio.run(run_load(portal_url, cookies, session_id, args.messages))
    finally:
        portal.terminate()
        portal.wait(10)
    report("portal", portal_result)
    print(
        f"ratio portal/bare: p50 x{portal_result['p50'] / bare_result['p50']:.1f}  "
        f"p95 x{portal_result['p95'] / bare_result['p95']:.1f}  "
        f"throughput x{portal_result['rate'] / bare_result['rate']:.2f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
