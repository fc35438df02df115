"""Benchmark for the debrief chat: 200 clients in one room, latency against offered load.

Run: .venv/bin/python bench/chat.py [--stack gevent|threading] [--clients 200]
     [--rates 5 10 20 40] [--seconds 10]
(loopback only, about 3 minutes; needs node and the npm-installed socket.io-client)

Starts the portal (a database built by the migrations: a temporary SQLite file, or the
PostgreSQL database in BENCH_DATABASE_URL, which the bench wipes first; 200 registered members
with login sessions) and, in the same run, a bare python-socketio broadcast server
(bench/chat_peer.py: no login, no access checks, no database), both on one stack: `gevent`
(default) is the production chat process, gunicorn's gevent worker with deploy/gunicorn.conf.py
and simple-websocket; `threading` is the embedded default, werkzeug with threads (`python
wsgi.py`). For each offered load, on each server: 195 passive receivers (one Node process) and 5 probes (another
Node process) join one room; the probes send open-loop at the rate and time send -> own copy
received. Prints p50/p95, lost deliveries, the server's CPU time per message (portal/bare is
the per-message cost ratio) and the clients' CPU use: a run where a client process used more
than 70% of a core measured the load generator, and is marked for discarding.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="bench-chat-"))
os.environ["DATABASE_URL"] = (
    os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{WORK / 'bench.db'}"
)
os.environ.pop("REDIS_URL", None)
os.environ["PORTAL_ENV"] = "development"
os.environ["SECRET_KEY"] = "bench-secret-shared-by-both-processes"
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from bench import chat_peer  # noqa: E402

NAMESPACE = chat_peer.NAMESPACE
PASSWORD = "bench-passord-som-er-langt"
PROBES = 5
CLIENT_CPU_LIMIT = 0.7
SETTLE = 2.0  # seconds after the last join before measuring (presence is sent 0.3 s after)
GOAL_RATE, GOAL_P95, GOAL_COST = 20, 50.0, 2.0


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
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


STACKS = {
    "gevent": "gunicorn's gevent worker with simple-websocket (the production chat process)",
    "threading": "werkzeug with threads and simple-websocket (python wsgi.py, the embedded default)",
}


def serve(server: str, stack: str, settings: dict) -> tuple[subprocess.Popen, str]:
    """Start the bare server or the portal on a stack; return the process and its URL."""
    port = free_port()
    env = {**os.environ, **settings, "PORT": str(port), "HOST": "127.0.0.1"}
    if stack == "gevent":
        app = "bench.chat_peer:app" if server == "bare" else "wsgi:app"
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "deploy/gunicorn.conf.py",
            app,
        ]
        env.update(WORKERS="1", WORKER_CLASS="gevent")
    elif server == "bare":
        command = [sys.executable, __file__, "--bare-server", str(port)]
    else:
        command = [sys.executable, "wsgi.py"]
    url = f"http://127.0.0.1:{port}"
    return start(command, env, url), url


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
        except requests.RequestException:  # not listening yet, or the worker still booting
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"server did not start: {command}")


# --- The load ----------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process and its children (gunicorn's worker) used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(cpu_seconds(int(child)) for child in children)


def clients(mode: str, url: str, session_id: int, seconds: int, cookies: list, rate: float = 0):
    """Start one Node process of clients and wait until every client has joined the room."""
    command = ["node", str(ROOT / "bench/chat_clients.js"), mode, url, str(session_id),
               str(seconds), str(rate)]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    process.stdin.write(json.dumps(cookies) + "\n")
    process.stdin.flush()
    if process.stdout.readline().strip() != "ready":
        raise SystemExit(f"{mode} could not join the room")
    return process


def measure(server: subprocess.Popen, url: str, session_id: int, cookies: list, rate: float,
            seconds: int) -> dict:  # fmt: skip
    """One run: passive receivers and probes in the room, probes sending at ``rate``."""
    receivers = clients("receivers", url, session_id, seconds, cookies[PROBES:])
    probes = clients("probes", url, session_id, seconds, cookies[:PROBES], rate)
    time.sleep(SETTLE)  # the joins' notices and presence broadcasts are not messages
    before = cpu_seconds(server.pid)
    for process in (receivers, probes):
        process.stdin.write("go\n")
        process.stdin.flush()
    heard = json.loads(receivers.stdout.readline())
    probed = json.loads(probes.stdout.readline())
    server_cpu = cpu_seconds(server.pid) - before
    for process in (receivers, probes):
        process.wait(10)
    latencies = sorted(probed["latencies"])
    accepted = probed["sent"] - probed["refused"]
    return {
        "sent": probed["sent"],
        "refused": probed["refused"],
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": latencies[max(0, int(len(latencies) * 0.95) - 1)] if latencies else float("nan"),
        "unanswered": probed["unanswered"],
        "lost": accepted * (len(cookies) - PROBES) - heard["deliveries"],
        "server_ms_per_message": server_cpu * 1000 / max(accepted, 1),
        "client_cpu": max(heard["cpu"], probed["cpu"]),
        "join_retries": heard["joinRetries"] + probed["joinRetries"],
    }


def report(name: str, rate: float, result: dict) -> None:
    """Print one line of results, marking runs whose clients were too busy to trust."""
    verdict = "DISCARD (client busy)" if result["client_cpu"] > CLIENT_CPU_LIMIT else ""
    print(
        f"{name:<6} {rate:5.0f} msg/s  sent {result['sent']:>4}  refused {result['refused']:>3}  "
        f"p50 {result['p50']:7.1f} ms  p95 {result['p95']:7.1f} ms  lost {result['lost']:>4}  "
        f"server {result['server_ms_per_message']:6.2f} ms CPU/message  "
        f"clients <= {result['client_cpu']:.0%} of a core  join retries {result['join_retries']}"
        f"  {verdict}",
        flush=True,
    )


def main() -> None:
    """Run the same open-loop load against the bare server and the portal, rate by rate."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rates", type=float, nargs="+", default=[5, 10, 20, 40])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--stack", choices=sorted(STACKS), default="gevent")
    parser.add_argument("--bare-server", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_server:
        chat_peer.serve(args.bare_server)
        return

    print(
        f"{args.clients} clients in one room: {args.clients - PROBES} passive Node receivers, "
        f"{PROBES} Node probes sending open-loop; {args.seconds} s per rate; loopback; "
        f"both servers on {STACKS[args.stack]}",
        flush=True,
    )
    session_id, cookies = seed_portal(args.clients)
    bare, bare_url = serve("bare", args.stack, {})
    servers = [bare]
    results: dict[tuple[str, float], dict] = {}
    try:
        # The per-user flood limit is lifted: 5 probes stand in for many senders.
        portal, portal_url = serve("portal", args.stack, {"CHAT_RATE_LIMIT": "100000 per minute"})
        servers.append(portal)
        for rate in args.rates:
            results["bare", rate] = measure(bare, bare_url, 1, [None] * args.clients, rate,
                                            args.seconds)  # fmt: skip
            report("bare", rate, results["bare", rate])
            results["portal", rate] = measure(portal, portal_url, session_id, cookies, rate,
                                              args.seconds)  # fmt: skip
            report("portal", rate, results["portal", rate])
    finally:
        for process in servers:
            process.terminate()
            process.wait(30)
    print("\n== goals")
    for rate in args.rates:
        portal_run, bare_run = results["portal", rate], results["bare", rate]
        cost = portal_run["server_ms_per_message"] / bare_run["server_ms_per_message"]
        trusted = max(portal_run["client_cpu"], bare_run["client_cpu"]) <= CLIENT_CPU_LIMIT
        line = (
            f"{rate:5.0f} msg/s into {args.clients}: portal p95 {portal_run['p95']:6.1f} ms "
            f"(bare {bare_run['p95']:6.1f} ms); portal cost per message {cost:.2f}x bare"
        )
        if rate == GOAL_RATE:
            ok = portal_run["p95"] <= GOAL_P95 and cost <= GOAL_COST
            line += (
                f"   goal p95 <= {GOAL_P95} ms and cost <= {GOAL_COST}x: {'OK' if ok else 'short'}"
            )
        print(line + ("" if trusted else "   (client busy: discard)"), flush=True)


if __name__ == "__main__":
    main()
