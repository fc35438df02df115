"""Benchmark for search: 10,000 routine versions, 5,000 cases and 1,000 minutes.

Run: .venv/bin/python bench/search.py                (SQLite, a temporary file)
     DATABASE_URL=postgresql://... .venv/bin/python bench/search.py   (SQLite, then a fresh
     PostgreSQL database named after the one in the URL, with the suffix _bench)
     BENCH_ROUNDS=5 ...                                  (rounds of the query mix; default 3)

Seeds the content with bulk inserts, builds the index with the same code as
`flask search reindex`, then runs 200 mixed queries (words, inflections, phrases, prefixes,
exclusions, rare and common words) for members and the coordinator through the search service
(policy filter, counts per kind, ranking, re-check and highlighting) and, interleaved, the bare
engine query for the same words, in several rounds. Prints, per engine, the medians over the
rounds of p50/p95 of both, OK/short against the 20 ms goal, and the load average (the machine
may be shared: compare figures taken at a low load).
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bench.seed import fresh_database  # noqa: E402
from portal import create_app  # noqa: E402
from portal.cases.models import Case  # noqa: E402
from portal.config import TestingConfig  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.meetings.models import Minutes, Samling  # noqa: E402
from portal.network import demo  # noqa: E402
from portal.network.models import Municipality, User  # noqa: E402
from portal.rutiner.models import Routine, RoutineVersion, Status  # noqa: E402
from portal.search import query as q  # noqa: E402
from portal.search import services  # noqa: E402
from portal.search.engines import engine_for  # noqa: E402

ROUTINES = 5_000  # two versions each: 10,000 routine versions
CASES = 5_000
MINUTES = 1_000
QUERIES = 200
GOAL_MS = 20.0
SELECTIVE = 500  # queries with at most this many visible hits are reported apart as well
WORDS = [
    "pasienten",
    "fastlegen",
    "kommunen",
    "innleggelse",
    "vurdering",
    "tiltak",
    "ansvar",
    "dokumentasjon",
    "journal",
    "samtykke",
    "pårørende",
    "legevakt",
    "primærkontakt",
    "oppfølging",
    "rutine",
    "risikovurdering",
    "avvik",
    "samhandling",
    "melding",
    "sikkerhet",
    "hjemmebesøk",
    "utskriving",
    "ansvarsgruppe",
    "kriseplan",
    "bolig",
    "økonomi",
    "nettverk",
    "arbeid",
    "ettervern",
    "tvang",
    "vold",
    "trusler",
    "alenearbeid",
    "rusmiddel",
    "behandling",
    "ventetid",
    "koordinator",
    "individuell",
    "plan",
    "brukermedvirkning",
    "lavterskel",
    "FACT",
    "ACT",
    "team",
    "motiverende",
    "intervju",
    "miljøterapeut",
    "sykepleier",
    "helsesykepleier",
    "barnevern",
    "NAV",
    "DPS",
]
RARE = ["neshorn", "kakerlakk", "sjiraff", "pelikan", "flamingo", "isbjørn", "sebra", "kenguru"]
QUERY_SHAPES = [
    lambda r: r.choice(WORDS),
    lambda r: f"{r.choice(WORDS)} {r.choice(WORDS)}",
    lambda r: r.choice(["rutinene", "hjemmebesøket", "innleggelsen", "pasientene", "vedtaket"]),
    lambda r: f'"{r.choice(WORDS)} {r.choice(WORDS)}"',
    lambda r: r.choice(WORDS)[:4] + "*",
    lambda r: f"{r.choice(WORDS)} -{r.choice(WORDS)}",
    lambda r: r.choice(RARE),
    lambda r: f"{r.choice(WORDS)} {r.choice(WORDS)} {r.choice(WORDS)}",
]


SYLLABLES = [
    "ar",
    "be",
    "da",
    "el",
    "fo",
    "gi",
    "ha",
    "is",
    "ju",
    "ka",
    "lo",
    "me",
    "no",
    "or",
    "pe",
    "ri",
    "sa",
    "tu",
    "ve",
    "øy",
]
VOCABULARY = WORDS + sorted(
    {"".join(random.Random(n).choices(SYLLABLES, k=3)) for n in range(4_000)}
)
ZIPF = [1 / rank**1.07 for rank in range(1, len(VOCABULARY) + 1)]


def text(rng: random.Random, words: int) -> str:
    """Text with word frequencies like a real corpus (Zipf), the network's words the most
    common, and a rare word now and then."""
    chosen = rng.choices(VOCABULARY, weights=ZIPF, k=words)
    if rng.random() < 0.01:
        chosen[rng.randrange(words)] = rng.choice(RARE)
    return " ".join(chosen) + "."


def seed(rng: random.Random) -> None:
    """Routines (released and draft), published cases, published minutes; no index yet."""
    network = demo.ensure_network()
    places = db.session.scalars(select(Municipality)).all()
    db.session.execute(insert(User), [
        {"network_id": network.id, "municipality_id": places[i % len(places)].id,
         "email": f"sok{i}@bench.example", "name": f"Bruker {i}", "role": "member",
         "password_hash": "x"}
        for i in range(50)
    ])  # fmt: skip
    db.session.add(User(network_id=network.id, email="koordinator@bench.example",
                        name="Koordinator", role="moderator", password_hash="x"))  # fmt: skip
    db.session.commit()
    authors = db.session.scalars(select(User.id).where(User.role == "member")).all()
    base_version = db.session.scalar(select(func.max(RoutineVersion.id))) or 0
    base_routine = db.session.scalar(select(func.max(Routine.id))) or 0
    approved = datetime(2026, 1, 5)
    db.session.execute(insert(Routine), [
        {"network_id": network.id, "municipality_id": places[i % len(places)].id,
         "title": f"Rutine for {rng.choice(WORDS)} og {rng.choice(WORDS)} {i}",
         "category": "admission", "responsible_id": authors[i % len(authors)],
         "status": Status.APPROVED if i % 4 else Status.DRAFT, "version_count": 2,
         "released_version_id": base_version + 2 * i + 1 if i % 4 else None,
         "draft_version_id": None if i % 4 else base_version + 2 * i + 2, "approved_at": approved}
        for i in range(ROUTINES)
    ])  # fmt: skip
    db.session.execute(insert(RoutineVersion), [
        {"routine_id": base_routine + i // 2 + 1, "number": i % 2 + 1,
         "title": f"Rutine {i // 2}", "body": text(rng, 150), "author_id": authors[i % len(authors)],
         "approved_at": approved if i % 2 == 0 else None}
        for i in range(2 * ROUTINES)
    ])  # fmt: skip
    db.session.execute(insert(Case), [
        {"municipality_id": places[i % len(places)].id, "author_id": authors[i % len(authors)],
         "title": f"Sak om {rng.choice(WORDS)} {i}", "status": "published",
         "context": text(rng, 80), "situation": text(rng, 80), "what_worked": text(rng, 60),
         "published_at": datetime(2026, 2, 1) + timedelta(days=i % 300)}
        for i in range(CASES)
    ])  # fmt: skip
    base_samling = db.session.scalar(select(func.max(Samling.id))) or 0
    db.session.execute(insert(Samling), [
        {"title": f"Samling {i} om {rng.choice(WORDS)}", "season": 2000 + i % 30,
         "published": True, "description": text(rng, 40)}
        for i in range(MINUTES)
    ])  # fmt: skip
    db.session.execute(insert(Minutes), [
        {"samling_id": base_samling + i + 1, "decisions": text(rng, 40), "body": text(rng, 200),
         "published_at": datetime(2026, 3, 1)}
        for i in range(MINUTES)
    ])  # fmt: skip
    db.session.commit()


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the values lie."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def verdict(value: float) -> str:
    """OK when within the goal."""
    return "OK" if value <= GOAL_MS else "short"


def seeded_app(url: str | None):
    """An app on a fresh database (SQLite in a temporary file, or PostgreSQL <name>_bench)."""
    if url:
        database = fresh_database(url, f"{make_url(url).database}_bench")
    else:
        database = f"sqlite:///{tempfile.mkdtemp(prefix='search-bench-')}/bench.db"

    class BenchConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database

    return create_app(BenchConfig)


def run_engine(url: str | None, rounds: int) -> dict:
    """Seed and index one engine's database, then time the query mix ``rounds`` times, the
    service and the bare engine query interleaved."""
    app = seeded_app(url)
    rng = random.Random(16)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        seed(rng)
        seeded = time.perf_counter() - started
        started = time.perf_counter()
        counts = services.reindex(db.session)
        db.session.commit()
        indexed = time.perf_counter() - started
        dialect = db.engine.dialect.name
        engine = engine_for(dialect)
        users = [
            *db.session.scalars(select(User).where(User.role == "member").limit(10)),
            db.session.scalars(select(User).where(User.role == "moderator")).first(),
        ]
        queries = [rng.choice(QUERY_SHAPES)(rng) for _ in range(QUERIES)]
        measured = []
        with app.test_request_context():
            for _round in range(rounds):
                service_ms, raw_ms, totals = [], [], []
                for number, typed in enumerate(queries):
                    user = users[number % len(users)]
                    db.session.refresh(user)  # loaded before the search, as by the login
                    started = time.perf_counter()
                    results = services.search(user, typed, services.Filters())
                    service_ms.append((time.perf_counter() - started) * 1000)
                    totals.append(results.total)
                    parsed_query = q.parse(typed)
                    started = time.perf_counter()
                    if parsed_query.runnable:
                        engine.raw(db.session.connection(), parsed_query, services.PER_PAGE)
                    raw_ms.append((time.perf_counter() - started) * 1000)
                    db.session.rollback()
                measured.append((service_ms, raw_ms, totals))
        db.session.remove()
        db.engine.dispose()
    print(f"{engine.name}: {2 * ROUTINES} routine versions ({ROUTINES} routines), {CASES} cases, "
          f"{MINUTES} minutes seeded in {seeded:.1f} s; {sum(counts.values())} documents "
          f"indexed in {indexed:.1f} s")  # fmt: skip
    return {"engine": engine.name, "rounds": measured}


def figures(measured: list[tuple], group: str) -> dict[str, tuple[float, float]]:
    """Median over the rounds of p50 and p95, for the service and the bare engine."""
    found: dict[str, tuple[float, float]] = {}
    for index, label in ((0, "service"), (1, "raw engine")):
        p50s, p95s = [], []
        for round_values in measured:
            totals = round_values[2]
            members = [
                i for i, total in enumerate(totals)
                if group == "all" or (total <= SELECTIVE) == (group == "selective")
            ]  # fmt: skip
            chosen = [round_values[index][i] for i in members]
            if chosen:
                p50s.append(statistics.median(chosen))
                p95s.append(percentile(chosen, 0.95))
        if p50s:
            found[label] = (statistics.median(p50s), statistics.median(p95s))
    return found


def main() -> None:
    """Seed, index, query and report SQLite, and PostgreSQL when DATABASE_URL names one."""
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    url = os.environ.get("DATABASE_URL")
    load_before = os.getloadavg()[0]
    runs = [run_engine(None, rounds)]
    if url and make_url(url).get_backend_name() == "postgresql":
        runs.append(run_engine(url, rounds))
    load_after = os.getloadavg()[0]
    print(f"\n{QUERIES} mixed queries x {rounds} rounds; medians over the rounds; load average "
          f"{load_before:.1f} before, {load_after:.1f} after, on {os.cpu_count()} cores")  # fmt: skip
    groups = [("all", "all queries"), ("selective", f"<= {SELECTIVE} hits"),
              ("large", f"> {SELECTIVE} hits")]  # fmt: skip
    for run in runs:
        print(f"{run['engine']}:")
        for group, title in groups:
            for label, (p50, p95) in figures(run["rounds"], group).items():
                print(f"  {title:<14} {label:<11} p50 {p50:6.2f} ms   p95 {p95:6.2f} ms   "
                      f"{verdict(p95)} (goal p95 <= {GOAL_MS:.0f} ms)")  # fmt: skip


if __name__ == "__main__":
    main()
