"""CPU time per page request, in-process: the portal's pages next to the peer page, and queries.

What bench/load.py measures over HTTP with wrk, without the HTTP server and the load generator:
both apps run in this process on the same seeded database (bench/seed.py) and the same session
cookie, and each page is requested N times through the Flask test client. The figure is this
thread's CPU time per request (time.thread_time, the best of ten batches), which other jobs on a shared machine disturb
far less than wall-clock throughput; the query count per request shows N+1s and per-request
overhead. The ratio peer/page is the share of the peer's throughput a page can reach on one core.

    .venv/bin/python bench/pages_cpu.py --scale 1 --requests 200
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update({
    "PORTAL_ENV": "development", "SECRET_KEY": "bench-secret-key",
    "LOGIN_RATE_LIMIT": "100000 per minute", "TWO_FACTOR_ENFORCED": "0",
})  # fmt: skip
os.environ.pop("REDIS_URL", None)

import logging  # noqa: E402

from sqlalchemy import event  # noqa: E402

from bench.load import CSRF, GOALS, page_kind  # noqa: E402
from bench.seed import LOGIN_PASSWORD, seed_scaled  # noqa: E402
from portal import create_app  # noqa: E402
from portal.config import Config  # noqa: E402
from portal.extensions import db  # noqa: E402


def portal_client(database: str, email: str):
    """A test client of the portal on ``database``, logged in as ``email``; and a query counter."""

    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = database

    app = create_app(BenchConfig)
    logging.getLogger("portal.request").setLevel(logging.WARNING)  # one JSON line per request
    counter = {"queries": 0}
    with app.app_context():
        event.listen(
            db.engine,
            "before_cursor_execute",
            lambda *_args: counter.__setitem__("queries", counter["queries"] + 1),
        )
    client = app.test_client()
    token = CSRF.search(client.get("/logg-inn").text).group(1)
    form = {"email": email, "password": LOGIN_PASSWORD, "csrf_token": token}
    if client.post("/logg-inn", data=form).status_code != 302:
        raise RuntimeError("login failed for a bench user")
    return client, counter


def warm_up(client, path: str) -> int:
    """Request the page a few times (compiled templates, caches); return its size in bytes."""
    for _ in range(5):
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} did not answer 200")
    return len(response.data)


def cpu_per_request(client, path: str, requests: int, batches: int = 10) -> float:
    """Milliseconds of this thread's CPU per request: the best of ``batches`` batches (the
    least disturbed by other work on the machine, as timeit does)."""
    size = max(1, requests // batches)
    best = float("inf")
    for _ in range(batches):
        started = time.thread_time()
        for _ in range(size):
            client.get(path)
        best = min(best, (time.thread_time() - started) / size)
    return best * 1000


def main() -> None:
    """Seed, log in to both apps with the same cookie, time every page, print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="portal-cpu-") as tmp:
        info = seed_scaled(f"sqlite:///{tmp}/cpu.db", args.scale)
        os.environ["DATABASE_URL"] = info["database"]
        client, counter = portal_client(info["database"], info["emails"][0])
        from bench import peer_app  # reads DATABASE_URL when imported

        peer = peer_app.app.test_client()
        peer.set_cookie("fagnettverk", client.get_cookie("fagnettverk").value)
        warm_up(peer, "/")
        peer_ms = cpu_per_request(peer, "/", args.requests)
        print(f"\n{info['summary']}; {args.requests} requests per page, CPU of this thread")
        print(f"{'page':<34}{'ms/request':>11}{'queries':>9}{'KB':>6}{'ratio':>7}  goal")
        print(f"{'peer (Flask+SQLAlchemy+Login)':<34}{peer_ms:11.2f}")
        for path in info["paths"]:
            size = warm_up(client, path) / 1024
            before = counter["queries"]
            client.get(path)
            queries = counter["queries"] - before
            milliseconds = cpu_per_request(client, path, args.requests)
            ratio = peer_ms / milliseconds
            goal = GOALS[page_kind(path)]
            verdict = "OK" if ratio >= goal else "short"
            print(
                f"{path:<34}{milliseconds:11.2f}{queries:9d}{size:6.0f}{ratio:7.2f}"
                f"  >= {goal} {verdict}"
            )


if __name__ == "__main__":
    main()
