"""Load figures: the portal under gunicorn, next to a bare Flask endpoint served the same way.

Seeds a scaled Salten network into a temporary database (SQLite, or PostgreSQL when
BENCH_DATABASE_URL points at a server where it may create databases), starts gunicorn
(one worker, threads) for the portal and for bench/bare_app.py, logs in simulated users and
lets them browse the main pages. Prints requests/s and p50/p95 for both, and the page time of
each page at each data scale. Loopback only; bounded in time.

    .venv/bin/python bench/load.py --scales 1 10 --users 20 --seconds 15
"""

import argparse
import asyncio
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.seed import LOGIN_PASSWORD, seed_scaled  # noqa: E402

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(
    target: str, port: int, env: dict, ready_path: str = "/healthz"
) -> subprocess.Popen:
    """Start one gunicorn process (deploy/gunicorn.conf.py) and wait until it answers."""
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", str(ROOT / "deploy/gunicorn.conf.py"), target],
        cwd=ROOT, env={**env, "PORT": str(port)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{ready_path}", timeout=5):  # noqa: S310
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"gunicorn for {target} did not start")


async def log_in(session: aiohttp.ClientSession, base: str, email: str) -> None:
    """Log in through the login form."""
    async with session.get(f"{base}/logg-inn") as response:
        token = CSRF.search(await response.text()).group(1)
    data = {"email": email, "password": LOGIN_PASSWORD, "csrf_token": token}
    async with session.post(f"{base}/logg-inn", data=data, allow_redirects=False) as response:
        if response.status != 302:
            raise RuntimeError(f"login failed for a bench user: {response.status}")


async def browse(base: str, paths: list[str], emails: list, seconds: float) -> list[float]:
    """Log every user in, then let each loop over ``paths`` for ``seconds``; return latencies."""
    latencies: list[float] = []
    errors = 0
    sessions = [aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) for _ in emails]
    try:
        await asyncio.gather(
            *(log_in(s, base, e) for s, e in zip(sessions, emails, strict=True) if e)
        )
        stop_at = time.perf_counter() + seconds

        async def user(session: aiohttp.ClientSession) -> None:
            nonlocal errors
            while time.perf_counter() < stop_at:
                for path in paths:
                    started = time.perf_counter()
                    async with session.get(base + path, allow_redirects=False) as response:
                        await response.read()
                        errors += response.status != 200
                    latencies.append((time.perf_counter() - started) * 1000)

        await asyncio.gather(*(user(s) for s in sessions))
    finally:
        await asyncio.gather(*(s.close() for s in sessions))
    if errors:
        print(f"  !! {errors} responses were not 200")
    return latencies


def summary(label: str, latencies: list[float], seconds: float) -> str:
    """requests/s, p50 and p95 as one line."""
    ordered = sorted(latencies)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return (
        f"{label:<34} {len(ordered) / seconds:8.1f} req/s   p50 {statistics.median(ordered):7.1f} ms"
        f"   p95 {p95:7.1f} ms   (n={len(ordered)})"
    )


async def page_times(base: str, paths: list[str], email: str, repeats: int) -> dict[str, float]:
    """Median time of each page for one user, sequentially."""
    jar = aiohttp.CookieJar(unsafe=True)
    times: dict[str, float] = {}
    async with aiohttp.ClientSession(cookie_jar=jar) as session:
        await log_in(session, base, email)
        for path in paths:
            samples = []
            for _ in range(repeats):
                started = time.perf_counter()
                async with session.get(base + path) as response:
                    await response.read()
                samples.append((time.perf_counter() - started) * 1000)
            times[path] = statistics.median(samples)
    return times


def run_scale(scale: int, users: int, seconds: float, workdir: Path) -> dict[str, float]:
    """Seed one scale, run the load against portal and bare endpoint, print the figures."""
    database = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / f'load-{scale}.db'}"
    started = time.perf_counter()
    info = seed_scaled(database, scale)
    print(
        f"\n== scale {scale}x: {info['summary']} (seeded in {time.perf_counter() - started:.0f} s)"
    )
    env = {
        **os.environ, "DATABASE_URL": info["database"], "PORTAL_ENV": "development",
        "SECRET_KEY": "bench-secret-key", "LOGIN_RATE_LIMIT": "100000 per minute",
        "TWO_FACTOR_ENFORCED": "0", "THREADS": "32",
    }  # fmt: skip
    env.pop("REDIS_URL", None)
    portal_port, bare_port = free_port(), free_port()
    portal = start_gunicorn("wsgi:app", portal_port, env)
    bare = start_gunicorn("bench.bare_app:app", bare_port, env, ready_path="/")
    try:
        base, bare_base = f"http://127.0.0.1:{portal_port}", f"http://127.0.0.1:{bare_port}"
        emails = info["emails"][:users]
        bare_latencies = asyncio.run(browse(bare_base, ["/"], [None] * users, seconds))
        portal_latencies = asyncio.run(browse(base, info["paths"], emails, seconds))
        print(summary("bare Flask endpoint (ceiling)", bare_latencies, seconds))
        print(summary("portal pages (logged-in users)", portal_latencies, seconds))
        ratio = (len(portal_latencies) / seconds) / (len(bare_latencies) / seconds)
        print(f"portal throughput = {ratio:.2f} x bare endpoint")
        return asyncio.run(page_times(base, info["paths"], emails[0], repeats=15))
    finally:
        for process in (portal, bare):
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)


def main() -> None:
    """Parse arguments and run every scale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="portal-load-") as tmp:
        results = {
            scale: run_scale(scale, args.users, args.seconds, Path(tmp)) for scale in args.scales
        }
    print("\n== page time, one user, median of 15 (ms)")
    scales = list(results)
    print(f"{'page':<40}" + "".join(f"{f'{s}x':>10}" for s in scales))
    for path in results[scales[0]]:
        print(f"{path:<40}" + "".join(f"{results[s][path]:10.1f}" for s in scales))


if __name__ == "__main__":
    main()
