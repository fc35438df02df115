"""Page throughput: the portal next to a minimal peer page, under the shipped gunicorn config.

Seeds a scaled Salten network into a temporary database (SQLite, or PostgreSQL when
BENCH_DATABASE_URL points at a server where it may create databases: it creates
<database>_1x, <database>_10x, ...), starts gunicorn (deploy/gunicorn.conf.py: one worker,
threads) for the portal and for bench/peer_app.py (Flask + Flask-SQLAlchemy + Flask-Login,
the same session cookie, one 20-row join, ~18 KB of HTML), and drives both with wrk, a
separate C process whose CPU use is printed. Rounds interleave peer and portal; each figure
is the median of the rounds. Then:

- the ratio portal/peer for every page at concurrency 1, 4 and 16 (goal: lists and details
  >= 0.6, start page >= 0.5);
- page time at every scale against 1x (goal: list pages <= 1.3x);
- the production shape (pages in N gunicorn worker processes): throughput of 2 processes
  against 1 (goal >= 1.8x; meaningless on a machine with fewer than 2 free cores).

On a shared machine the absolute figures are noisy; the ratios measured in the same run are
what count. Loopback only; bounded in time (about 4 minutes per scale with the defaults).

    .venv/bin/python bench/load.py --scales 1 10 --rounds 3 --seconds 3
"""

import argparse
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.seed import LOGIN_PASSWORD, seed_scaled  # noqa: E402

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
CONCURRENCY = (1, 4, 16)
GOALS = {"start": 0.5, "list": 0.6, "detail": 0.6}
TEN_X_GOAL = 1.3
SCALING_GOAL = 1.8
SECRET_KEY = "bench-secret-key"


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(
    target: str, port: int, env: dict, ready_path: str = "/healthz"
) -> subprocess.Popen:
    """Start gunicorn with deploy/gunicorn.conf.py and wait until it answers."""
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", str(ROOT / "deploy/gunicorn.conf.py"), target],
        cwd=ROOT, env={**env, "PORT": str(port)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{ready_path}", timeout=5):  # noqa: S310
                time.sleep(4 * (int(env.get("WORKERS", "1")) - 1))  # the other workers boot
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"gunicorn for {target} did not start")


def stop(process: subprocess.Popen) -> None:
    """Stop one gunicorn started here."""
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)


async def log_in(session, base: str, email: str) -> None:
    """Log in through the login form (aiohttp; used by bench/faults.py)."""
    async with session.get(f"{base}/logg-inn") as response:
        token = CSRF.search(await response.text()).group(1)
    data = {"email": email, "password": LOGIN_PASSWORD, "csrf_token": token}
    async with session.post(f"{base}/logg-inn", data=data, allow_redirects=False) as response:
        if response.status != 302:
            raise RuntimeError(f"login failed for a bench user: {response.status}")


def session_cookie(base: str, email: str, paths: list[str]) -> str:
    """Log in once and return the Cookie header; check that every page answers 200 with it."""
    with requests.Session() as browser:
        token = CSRF.search(browser.get(f"{base}/logg-inn").text).group(1)
        data = {"email": email, "password": LOGIN_PASSWORD, "csrf_token": token}
        response = browser.post(f"{base}/logg-inn", data=data, allow_redirects=False)
        if response.status_code != 302:
            raise RuntimeError(f"login failed for a bench user: {response.status_code}")
        for path in paths:
            status = browser.get(base + path, allow_redirects=False).status_code
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
        return "; ".join(f"{name}={value}" for name, value in browser.cookies.items())


def wrk(url: str, cookie: str, connections: int, seconds: float, lua: Path | None = None) -> dict:
    """Run wrk once; return requests/s, the error count and wrk's own CPU use (share of a core)."""
    command = ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{round(seconds)}s"]
    command += ["-H", f"Cookie: {cookie}", "--timeout", "10s"]
    if lua:
        command += ["-s", str(lua)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) / elapsed
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
        "cpu": cpu,
    }


def server_cpu_seconds(master: subprocess.Popen) -> float:
    """CPU seconds used so far by a gunicorn master and its worker processes (from /proc)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        pid, ppid = int(stat.parent.name), int(fields[1])
        if master.pid in (pid, ppid):
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / os.sysconf("SC_CLK_TCK")


def page_kind(path: str) -> str:
    """start, list or detail: which goal applies to a page."""
    if path == "/":
        return "start"
    return "detail" if re.search(r"/\d+$", path) else "list"


def measure_pages(
    base: str, peer: str, cookie: str, paths: list[str], levels, rounds: int, seconds: float
) -> dict:
    """Median requests/s per (page, concurrency), peer included, rounds interleaved."""
    samples: dict[tuple[str, int], list[float]] = {}
    worst_cpu = 0.0
    for connections in levels:
        for _ in range(rounds):
            for label, url in [("peer", peer + "/"), *((p, base + p) for p in paths)]:
                result = wrk(url, cookie, connections, seconds)
                if result["errors"]:
                    print(f"  !! {label} at c={connections}: {result['errors']} non-2xx answers")
                worst_cpu = max(worst_cpu, result["cpu"])
                samples.setdefault((label, connections), []).append(result["rps"])
    print(f"  (wrk used at most {worst_cpu:.0%} of a core)")
    return {key: statistics.median(values) for key, values in samples.items()}


def print_ratios(medians: dict, paths: list[str], levels) -> None:
    """Throughput and ratio to the peer for every page and concurrency, with OK/short."""
    print(f"{'page':<34}" + "".join(f"{f'c={c} req/s':>14}{'ratio':>7}" for c in levels) + "  goal")
    print(f"{'peer (Flask+SQLAlchemy+Login)':<34}" + "".join(
        f"{medians[('peer', c)]:14.0f}{'':>7}" for c in levels))  # fmt: skip
    for path in paths:
        goal = GOALS[page_kind(path)]
        ratios = [medians[(path, c)] / medians[("peer", c)] for c in levels]
        verdict = "OK" if min(ratios) >= goal else "short"
        cells = "".join(
            f"{medians[(path, c)]:14.0f}{r:7.2f}" for c, r in zip(levels, ratios, strict=True)
        )
        print(f"{path:<34}{cells}  >= {goal} {verdict}")


def measure_scaling(
    env: dict, cookie: str, paths: list[str], rounds: int, seconds: float, tmp: Path
) -> None:
    """Pages in 1 and then 2 gunicorn worker processes (the production shape), interleaved with
    the peer page in 1 and 2 processes: the peer's scaling is what this machine allows."""
    lua = tmp / "paths.lua"
    quoted = ", ".join(f'"{p}"' for p in paths)
    lua.write_text(
        f"paths = {{{quoted}}}\ni = 0\n"
        "request = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n"
    )
    apps = {"portal": ("wsgi:app", lua), "peer": ("bench.peer_app:app", None)}
    samples: dict[tuple[str, int], list[float]] = {}
    cores: dict[tuple[str, int], list[float]] = {}
    cpu = 0.0
    for _ in range(rounds):
        for name, (target, script) in apps.items():
            for workers in (1, 2):
                port = free_port()
                server = start_gunicorn(
                    target, port, {**env, "WORKERS": str(workers), "THREADS": "4"}
                )
                try:
                    wrk(f"http://127.0.0.1:{port}/", cookie, 16, 2, script)  # warm every worker
                    used, started = server_cpu_seconds(server), time.perf_counter()
                    result = wrk(f"http://127.0.0.1:{port}/", cookie, 16, seconds, script)
                    used = server_cpu_seconds(server) - used
                    cores.setdefault((name, workers), []).append(
                        used / (time.perf_counter() - started)
                    )
                finally:
                    stop(server)
                if result["errors"]:
                    print(f"  !! {name}, {workers} process(es): {result['errors']} non-2xx answers")
                samples.setdefault((name, workers), []).append(result["rps"])
                cpu = max(cpu, result["cpu"])
    rps = {key: statistics.median(values) for key, values in samples.items()}
    used = {key: statistics.median(values) for key, values in cores.items()}
    print("\n== production shape: pages in N processes (4 threads each), c=16")
    print(f"   (cores: {os.cpu_count()}, wrk used at most {cpu:.0%} of a core)")
    for name in apps:
        one, two = rps[(name, 1)], rps[(name, 2)]
        verdict = ("OK" if two / one >= SCALING_GOAL else "short") if name == "portal" else ""
        label = "portal (page mix)" if name == "portal" else "peer page"
        print(f"{label:<18} 1 process {one:8.0f} req/s   2 processes {two:8.0f} req/s   "
              f"scaling {two / one:.2f}x  {f'goal >= {SCALING_GOAL} {verdict}' if verdict else ''}")  # fmt: skip
        print(f"{'':<18} cores used {used[(name, 1)]:.2f} and {used[(name, 2)]:.2f} "
              f"(CPU per request {used[(name, 1)] * 1000 / one:.1f} and "
              f"{used[(name, 2)] * 1000 / two:.1f} ms)")  # fmt: skip
    portal = rps[("portal", 2)] / rps[("portal", 1)]
    peer = rps[("peer", 2)] / rps[("peer", 1)]
    print(
        f"portal scaling against the peer's on this machine: {portal / peer:.2f} "
        "(2 processes can only double throughput where 2 cores are free for them)"
    )


def run_scale(
    scale: int, levels, rounds: int, seconds: float, workdir: Path
) -> tuple[dict, dict, list]:
    """Seed one scale, measure portal and peer; return the medians, the env and the pages."""
    database = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / f'load-{scale}.db'}"
    started = time.perf_counter()
    info = seed_scaled(database, scale)
    print(
        f"\n== scale {scale}x: {info['summary']} (seeded in {time.perf_counter() - started:.0f} s)"
    )
    env = {
        **os.environ, "DATABASE_URL": info["database"], "PORTAL_ENV": "development",
        "SECRET_KEY": SECRET_KEY, "LOGIN_RATE_LIMIT": "100000 per minute",
        "TWO_FACTOR_ENFORCED": "0",
    }  # fmt: skip
    env.pop("REDIS_URL", None)
    portal_port, peer_port = free_port(), free_port()
    portal = start_gunicorn("wsgi:app", portal_port, env)
    peer = start_gunicorn("bench.peer_app:app", peer_port, env)
    try:
        base = f"http://127.0.0.1:{portal_port}"
        cookie = session_cookie(base, info["emails"][0], info["paths"])
        peer_page = requests.get(
            f"http://127.0.0.1:{peer_port}/", headers={"Cookie": cookie}, timeout=10
        )
        size = len(peer_page.content)
        print(f"  peer page: {size / 1024:.0f} KB")
        medians = measure_pages(
            base, f"http://127.0.0.1:{peer_port}", cookie, info["paths"], levels, rounds, seconds
        )
    finally:
        stop(portal)
        stop(peer)
    print_ratios(medians, info["paths"], levels)
    return medians, {**env, "BENCH_COOKIE": cookie}, info["paths"]


def main() -> None:
    """Parse arguments, run every scale, then the 10x comparison and the process scaling."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--no-scaling", action="store_true", help="skip the 1→2 process run")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
          "(shared machines make absolute figures noisy; compare the ratios)")  # fmt: skip
    results = {}
    with tempfile.TemporaryDirectory(prefix="portal-load-") as tmp:
        for index, scale in enumerate(args.scales):
            levels = CONCURRENCY if index == 0 else (1,)
            medians, env, paths = run_scale(scale, levels, args.rounds, args.seconds, Path(tmp))
            results[scale] = medians
            if index == 0 and not args.no_scaling:
                measure_scaling(
                    env, env["BENCH_COOKIE"], paths, args.rounds, args.seconds * 2, Path(tmp)
                )
    first = args.scales[0]
    if len(results) > 1:
        print(
            f"\n== page time at c=1 (ms, 1000 / req/s) against {first}x; goal for lists <= {TEN_X_GOAL}x"
        )
        for path in paths:
            times = {s: 1000 / results[s][(path, 1)] for s in results}
            cells = "".join(f"{f'{s}x':>6}{times[s]:7.1f}" for s in results)
            ratio = max(times[s] for s in results) / times[first]
            verdict = (
                ("OK" if ratio <= TEN_X_GOAL else "short") if page_kind(path) == "list" else ""
            )
            print(f"{path:<34}{cells}   worst {ratio:.2f}x {verdict}")


if __name__ == "__main__":
    main()
