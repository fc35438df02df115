"""Scale-out for real: two server processes share chat rooms through the Redis message queue,
the second either like the first (`python wsgi.py`, threads) or the production chat process
(gunicorn's gevent worker with deploy/gunicorn.conf.py)."""

import os
import queue
import re
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import socketio

from portal.config import PROJECT_ROOT
from portal.network.demo import DEMO_PASSWORD
from tests.conftest import TMP

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
NAMESPACE = "/debrief"


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen) -> None:
    """Wait for a server to answer, failing early if it died."""
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited: {process.stderr.read().decode()[-2000:]}")
        try:
            requests.get(url + "/logg-inn", timeout=1)
            return
        except requests.RequestException:  # not listening yet, or its worker still booting
            time.sleep(0.2)
    raise AssertionError(f"{url} did not start")


def log_in(url: str, email: str) -> requests.Session:
    """Log in over HTTP through the real login form."""
    http = requests.Session()
    token = CSRF.search(http.get(url + "/logg-inn").text).group(1)
    response = http.post(
        url + "/logg-inn",
        data={"email": email, "password": DEMO_PASSWORD, "csrf_token": token},
        allow_redirects=False,
    )
    assert response.status_code == 302, "login failed"
    return http


def chat_client(url: str, http: requests.Session) -> tuple[socketio.Client, queue.Queue]:
    """A python-socketio client with the login cookie; received chat messages go to a queue."""
    inbox: queue.Queue = queue.Queue()
    client = socketio.Client(reconnection=False)
    client.on("chat", inbox.put, namespace=NAMESPACE)
    cookie = "; ".join(f"{name}={value}" for name, value in http.cookies.items())
    client.connect(
        url, headers={"Cookie": cookie}, namespaces=[NAMESPACE], transports=["websocket"]
    )
    return client, inbox


def server_command(stack: str) -> tuple[list[str], dict]:
    """How to start a portal process on a stack: the command and its extra environment."""
    if stack == "gevent":
        gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
        command = [gunicorn, "-c", "deploy/gunicorn.conf.py", "--no-control-socket", "wsgi:app"]
        return command, {"WORKERS": "1", "WORKER_CLASS": "gevent"}
    return [sys.executable, "wsgi.py"], {}


@pytest.fixture(params=["threading", "gevent"])
def two_servers(redis_url, request):
    """A `python wsgi.py` process and a second one on the stack under test, on one SQLite file
    and one Redis; yields their URLs."""
    database = TMP / "chat-scaleout.db"
    for leftover in ("", "-wal", "-shm"):  # an earlier run's write-ahead log must not survive
        Path(f"{database}{leftover}").unlink(missing_ok=True)
    env = {
        **os.environ,
        "PORTAL_ENV": "development",
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": redis_url,
        "SECRET_KEY": "two-process-test-secret",
        "LOGIN_RATE_LIMIT": "100 per minute",
        "HOST": "127.0.0.1",
    }
    env.pop("TEST_DATABASE_URL", None)
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    for command in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run(flask + command, cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
    processes, urls = [], []
    for stack in ("threading", request.param):
        port = free_port()
        command, settings = server_command(stack)
        processes.append(
            subprocess.Popen(
                command,
                cwd=PROJECT_ROOT,
                env={**env, **settings, "PORT": str(port)},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url, process in zip(urls, processes, strict=True):
            wait_until_up(url, process)
        yield urls, database
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def test_message_through_one_process_reaches_a_client_on_the_other(two_servers):
    (first, second), database = two_servers
    with sqlite3.connect(database) as connection:
        (session_id,) = connection.execute(
            "SELECT session_id FROM debrief_participant ORDER BY id LIMIT 1"
        ).fetchone()
    moderator_http = log_in(first, "koordinator@salten.example")
    member_http = log_in(second, "kari.johansen@bodo.example")
    page = moderator_http.get(f"{first}/debrifing/{session_id}").text
    opened = moderator_http.post(
        f"{first}/debrifing/{session_id}/apne",
        data={"csrf_token": CSRF.search(page).group(1)},
        allow_redirects=False,
    )
    assert opened.status_code == 302

    moderator, moderator_inbox = chat_client(first, moderator_http)
    member, member_inbox = chat_client(second, member_http)
    try:
        assert moderator.call("join", {"session": session_id}, namespace=NAMESPACE)["ok"]
        joined = member.call("join", {"session": session_id}, namespace=NAMESPACE)
        assert joined["ok"] and joined["label"] == "Kari"

        sent = moderator.call(
            "send",
            {"session": session_id, "body": "Velkommen, begge prosesser"},
            namespace=NAMESPACE,
        )
        assert sent["ok"]
        received = member_inbox.get(timeout=10)
        assert (received["id"], received["html"]) == (sent["id"], "Velkommen, begge prosesser")
        assert "name" not in received

        reply = member.call("send", {"session": session_id, "body": "Takk"}, namespace=NAMESPACE)
        assert reply["ok"]
        seen = [moderator_inbox.get(timeout=10) for _ in range(2)]
        assert [m["id"] for m in seen] == [sent["id"], reply["id"]]
        assert seen[1]["name"] == "Kari Johansen"
    finally:
        moderator.disconnect()
        member.disconnect()


def test_logout_through_one_process_disconnects_the_socket_on_the_other(two_servers):
    (first, second), _database = two_servers
    member_http = log_in(first, "kari.johansen@bodo.example")
    member, _inbox = chat_client(second, member_http)
    gone = queue.Queue()
    member.on("disconnect", lambda *_reason: gone.put(True), namespace=NAMESPACE)
    try:
        page = member_http.get(f"{first}/").text
        member_http.post(f"{first}/logg-ut", data={"csrf_token": CSRF.search(page).group(1)})
        assert gone.get(timeout=10), "the chat process let go of the logged-out socket"
    finally:
        member.disconnect()
