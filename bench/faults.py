"""Fault figures, scripted: what users see when a server process, PostgreSQL or Redis fails.

Starts its own PostgreSQL cluster and Redis server on free loopback ports (Debian packages
postgresql and redis-server), seeds the demo network, runs the portal under gunicorn, and:

1. kill -9 of the server process while an admin sends invitations, and while a member saves
   routine versions; after a restart every invitation has its audit event and e-mail, and every
   routine's version count matches its versions (one transaction each: nothing half-written);
2. PostgreSQL restarted while users browse: how many requests fail and how fast it recovers;
3. Redis stopped while users browse and log in: pages keep working.

    .venv/bin/python bench/faults.py
"""

import asyncio
import glob
import os
import signal
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

import aiohttp
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import CSRF, free_port, log_in, start_gunicorn  # noqa: E402
from bench.seed import seed_scaled  # noqa: E402

BODO_MEMBER = "kari.johansen@bodo.example"
PG_BIN = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1])


class TempPostgres:
    """A throw-away PostgreSQL cluster on a free port, run as the postgres system user."""

    def __init__(self, folder: Path):
        self.data = folder / "pgdata"
        self.data.mkdir()
        os.chown(self.data, *_postgres_ids())
        self.port = free_port()
        self._as_postgres(f"{PG_BIN}/initdb -D {self.data} -A trust -U postgres -E UTF8")
        self.start()

    def _as_postgres(self, command: str) -> None:
        subprocess.run(
            ["su", "postgres", "-s", "/bin/sh", "-c", command], check=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def start(self) -> None:
        """Start the server and wait for it."""
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k /tmp"
        self._as_postgres(
            f"{PG_BIN}/pg_ctl -D {self.data} -w -l {self.data}/log -o '{options}' start"
        )

    def restart(self) -> None:
        """Restart with a fast shutdown (open connections are cut)."""
        self._as_postgres(f"{PG_BIN}/pg_ctl -D {self.data} -w -m fast restart")

    def stop(self) -> None:
        """Stop the server."""
        self._as_postgres(f"{PG_BIN}/pg_ctl -D {self.data} -w -m fast stop")

    @property
    def url(self) -> str:
        """URL of the maintenance database."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"


def _postgres_ids() -> tuple[int, int]:
    """uid and gid of the postgres system user."""
    import pwd

    entry = pwd.getpwnam("postgres")
    return entry.pw_uid, entry.pw_gid


class TempRedis:
    """A throw-away Redis server on a free port."""

    def __init__(self):
        self.port = free_port()
        self.start()

    def start(self) -> None:
        """Start the server and wait for it."""
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(0.5)

    def stop(self) -> None:
        """Stop the server."""
        self.process.terminate()
        self.process.wait(timeout=10)

    @property
    def url(self) -> str:
        """The Redis URL."""
        return f"redis://127.0.0.1:{self.port}/0"


async def browse_through(base: str, email: str, seconds: float, fault, at: float) -> list[tuple]:
    """One logged-in user fetches the start page for ``seconds``; ``fault`` runs at ``at`` s.
    Returns (elapsed, ok) per request."""
    outcomes = []
    jar = aiohttp.CookieJar(unsafe=True)
    timeout = aiohttp.ClientTimeout(total=5)
    async with aiohttp.ClientSession(cookie_jar=jar, timeout=timeout) as session:
        await log_in(session, base, email)
        started = time.perf_counter()
        fault_task = None
        while (elapsed := time.perf_counter() - started) < seconds:
            if fault_task is None and elapsed >= at:
                fault_task = asyncio.get_running_loop().run_in_executor(None, fault)
            try:
                async with session.get(f"{base}/", allow_redirects=False) as response:
                    await response.read()
                    outcomes.append((elapsed, response.status == 200))
            except (TimeoutError, aiohttp.ClientError):
                outcomes.append((elapsed, False))
                await asyncio.sleep(0.05)
        if fault_task:
            await fault_task
    return outcomes


def report(label: str, outcomes: list[tuple], at: float) -> None:
    """Print failures and the time from the fault to the last failure."""
    failures = [t for t, ok in outcomes if not ok]
    recovered = (max(failures) - at) if failures else 0.0
    print(
        f"{label}: {len(outcomes)} requests, {len(failures)} failed; "
        f"last failure {recovered:.2f} s after the fault; "
        f"{sum(ok for t, ok in outcomes if t > (max(failures) if failures else at))} ok after"
    )


async def invite_many(base: str, admin: str, count: int, logged_in) -> int:
    """Send invitations as fast as possible; return how many were answered with success."""
    done = 0
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar, timeout=aiohttp.ClientTimeout(total=5)) as s:
        await log_in(s, base, admin)
        logged_in()
        for number in range(count):
            try:
                async with s.get(f"{base}/admin/invitasjoner") as page:
                    token = CSRF.search(await page.text()).group(1)
                data = {"email": f"ny{number}@bodo.example", "name": "", "role": "legal",
                        "municipality": "0", "csrf_token": token}  # fmt: skip
                async with s.post(f"{base}/admin/invitasjoner", data=data) as response:
                    done += response.status == 200
            except (TimeoutError, aiohttp.ClientError, AttributeError):
                return done
    return done


def main() -> None:
    """Run the three scenarios."""
    with tempfile.TemporaryDirectory(prefix="portal-faults-") as tmp:
        folder = Path(tmp)
        os.chmod(folder, 0o755)  # noqa: S103 - the postgres user must reach its data folder
        postgres, redis_server = TempPostgres(folder), TempRedis()
        try:
            info = seed_scaled(postgres.url, 0)
            env = {
                **os.environ, "DATABASE_URL": info["database"], "REDIS_URL": redis_server.url,
                "PORTAL_ENV": "development", "SECRET_KEY": "bench-faults", "THREADS": "16",
                "LOGIN_RATE_LIMIT": "100000 per minute", "TWO_FACTOR_ENFORCED": "0",
            }  # fmt: skip
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            portal = start_gunicorn("wsgi:app", port, env)

            print("== 1. kill -9 of the server process during writes")
            writer = asyncio.run(
                _kill_during(portal, 1.5, invite_many, base, "admin@salten.example", 10_000)
            )
            portal = start_gunicorn("wsgi:app", port, env)
            with psycopg.connect(info["database"].replace("+psycopg", "")) as connection:
                invitations = connection.execute("SELECT count(*) FROM invitation").fetchone()[0]
                audited = connection.execute(
                    "SELECT count(*) FROM audit_event WHERE action = 'invitation.created'"
                ).fetchone()[0]
                mails = connection.execute("SELECT count(*) FROM outbox_message").fetchone()[0]
            print(f"answered ok before the kill: {writer}; rows: invitations {invitations}, "
                  f"audit events {audited}, e-mails {mails} -> "
                  f"{'consistent' if invitations == audited == mails else 'HALF-WRITTEN'}")  # fmt: skip

            print("== 1b. kill -9 while a member saves routine versions")
            with psycopg.connect(info["database"].replace("+psycopg", "")) as connection:
                routine_id = connection.execute(
                    "SELECT r.id FROM routine r JOIN municipality m ON m.id = r.municipality_id "
                    "WHERE m.name = 'Bodø' ORDER BY r.id LIMIT 1"
                ).fetchone()[0]
            saved = asyncio.run(
                _kill_during(portal, 1.5, save_versions, base, BODO_MEMBER, routine_id)
            )
            portal = start_gunicorn("wsgi:app", port, env)
            with psycopg.connect(info["database"].replace("+psycopg", "")) as connection:
                broken = connection.execute(
                    "SELECT r.id FROM routine r LEFT JOIN routine_version v ON v.routine_id = r.id "
                    "GROUP BY r.id HAVING r.version_count <> count(v.id) "
                    "OR r.version_count <> coalesce(max(v.number), 0)"
                ).fetchall()
                versions = connection.execute(
                    "SELECT count(*) FROM routine_version WHERE routine_id = %s", (routine_id,)
                ).fetchone()[0]
            print(f"saves answered ok before the kill: {saved}; versions of the routine: {versions}; "
                  f"routines whose version count disagrees with their versions: {len(broken)} -> "
                  f"{'consistent' if not broken else 'HALF-WRITTEN'}")  # fmt: skip

            print("== 2. PostgreSQL restarted while users browse (pool_pre_ping)")
            outcomes = asyncio.run(browse_through(base, info["emails"][0], 8, postgres.restart, 2))
            report("start page", outcomes, 2)

            print("== 3. Redis stopped while users browse and log in")
            outcomes = asyncio.run(browse_through(base, info["emails"][0], 6, redis_server.stop, 1))
            report("start page", outcomes, 1)
            login_ok = asyncio.run(_log_in_once(base, info["emails"][0]))
            print(f"login with Redis down: {'ok' if login_ok else 'FAILED'}")
            portal.send_signal(signal.SIGTERM)
            portal.wait(timeout=20)
        finally:
            if redis_server.process.poll() is None:
                redis_server.stop()
            postgres.stop()


class FormFields(HTMLParser):
    """The fields of the first POST form with a textarea on a page (names and current values)."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._in_form = self._done = False
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and attributes.get("method") == "post" and not self._done:
            self._in_form = True
        elif self._in_form and tag == "input" and attributes.get("name"):
            if attributes.get("type") not in ("checkbox", "submit"):
                self.fields[attributes["name"]] = attributes.get("value", "")
        elif self._in_form and tag == "textarea":
            self._textarea = attributes["name"]
            self.fields[self._textarea] = ""
        elif self._in_form and tag == "select":
            self._select = attributes["name"]
        elif (
            self._in_form
            and tag == "option"
            and self._select
            and ("selected" in attributes or self._select not in self.fields)
        ):
            self.fields[self._select] = attributes.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self._in_form:
            self._in_form, self._done = False, "body" in self.fields

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


async def save_versions(base: str, email: str, routine_id: int, logged_in) -> int:
    """Save new draft versions of one routine as fast as possible; return the successes."""
    done = 0
    page = f"{base}/rutiner/{routine_id}/rediger"
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar, timeout=aiohttp.ClientTimeout(total=5)) as s:
        await log_in(s, base, email)
        logged_in()
        for number in range(10_000):
            try:
                async with s.get(page) as response:
                    parser = FormFields()
                    parser.feed(await response.text())
                data = parser.fields | {"change_note": f"Endring {number}"}
                data["body"] = data["body"] + f"\n\nTillegg {number}."
                async with s.post(page, data=data, allow_redirects=False) as response:
                    done += response.status == 302
            except (TimeoutError, aiohttp.ClientError):
                return done
    return done


async def _kill_during(portal: subprocess.Popen, delay: float, writer, *args) -> int:
    """Run ``writer(*args, logged_in)`` and kill -9 the server ``delay`` s after it logs in."""
    loop = asyncio.get_running_loop()

    def schedule_kill() -> None:
        loop.call_later(delay, lambda: os.kill(portal.pid, signal.SIGKILL))

    done = await writer(*args, schedule_kill)
    portal.wait(timeout=10)
    return done


async def _log_in_once(base: str, email: str) -> bool:
    """Log in once; True on success."""
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as session:
        try:
            await log_in(session, base, email)
        except RuntimeError:
            return False
        async with session.get(f"{base}/") as response:
            return response.status == 200


if __name__ == "__main__":
    main()
