"""Benchmark for rutiner: list and detail pages with 2,000 routines x 5 versions, and a 100 KB diff.

Run: .venv/bin/python bench/rutiner.py   (a few minutes at most on two cores; not part of the tests)

Seeds a temporary SQLite database built by the migrations, then times the list page, a filtered
list page and the detail page through the Flask test client, next to a bare Flask endpoint served
by the same app and client in the same run, and prints median/p95 and the ratio to the bare one.
"""

import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from portal import create_app  # noqa: E402
from portal.config import TestingConfig  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.network import demo  # noqa: E402
from portal.network.models import User  # noqa: E402
from portal.network.services import hash_password  # noqa: E402
from portal.rutiner.diff import diff_texts  # noqa: E402
from portal.rutiner.models import CATEGORIES, Routine, RoutineVersion  # noqa: E402

ROUTINES = 2_000
VERSIONS = 5
REQUESTS = 150
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
    "DPS",
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
    "plan",
    "koordinator",
]
TMP = Path(tempfile.mkdtemp(prefix="bench-rutiner-"))


class BenchConfig(TestingConfig):
    """A file database in a temporary folder; cheap password hashing."""

    SQLALCHEMY_DATABASE_URI = f"sqlite:///{TMP / 'bench.db'}"
    ARGON2_PARAMETERS = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
    LOGIN_RATE_LIMIT = "1000 per minute"


def sentence(rng: random.Random, words: int) -> str:
    """A line of plausible routine words."""
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def routine_text(rng: random.Random, target_bytes: int) -> str:
    """A Markdown routine of about ``target_bytes``."""
    lines: list[str] = []
    size = 0
    while size < target_bytes:
        line = f"## {sentence(rng, 3)}" if len(lines) % 12 == 0 else f"- {sentence(rng, 12)}"
        lines.append(line)
        size += len(line.encode()) + 1
    return "\n".join(lines) + "\n"


def edited(rng: random.Random, text: str, changes: int) -> str:
    """The text with some words changed, some lines removed and some added."""
    lines = text.splitlines()
    for index in rng.sample(range(len(lines)), changes):
        words = lines[index].split()
        words[rng.randrange(len(words))] = rng.choice(WORDS).upper()
        lines[index] = " ".join(words)
    for index in sorted(rng.sample(range(len(lines)), changes // 4), reverse=True):
        del lines[index]
    for index in rng.sample(range(len(lines)), changes // 4):
        lines.insert(index, f"- {sentence(rng, 10)}")
    return "\n".join(lines) + "\n"


def seed(rng: random.Random) -> tuple[User, int]:
    """The network, two Bodø members and 2,000 routines with 5 versions each."""
    network = demo.ensure_network()
    places = [m.id for m in network.municipalities] + [None]
    password = hash_password(demo.DEMO_PASSWORD)
    bodo = next(m.id for m in network.municipalities if m.name == "Bodø")
    author = User(network_id=network.id, municipality_id=bodo, email="kari@bench.example",
                  name="Kari Bench", password_hash=password)  # fmt: skip
    approver = User(network_id=network.id, municipality_id=bodo, email="ola@bench.example",
                    name="Ola Bench", password_hash=password)  # fmt: skip
    db.session.add_all([author, approver])
    db.session.flush()
    bodies = [routine_text(rng, 3_000) for _ in range(20)]
    categories = list(CATEGORIES)
    start = datetime(2025, 1, 1)
    routines, versions = [], []
    for index in range(1, ROUTINES + 1):
        first_version = (index - 1) * VERSIONS + 1
        approved_at = start + timedelta(days=rng.randrange(600))
        routines.append(
            {
                "id": index,
                "network_id": network.id,
                "municipality_id": places[index % len(places)],
                "title": f"{sentence(rng, 4)[:-1]} ({index})",
                "category": categories[index % len(categories)],
                "tags": "bench, demo",
                "status": "draft",
                "responsible_id": author.id,
                "review_interval_months": 12,
                "version_count": VERSIONS,
                "released_version_id": first_version + VERSIONS - 2,
                "draft_version_id": first_version + VERSIONS - 1,
                "read_from_number": VERSIONS - 1,
                "approved_at": approved_at,
                "next_review_date": date(2026, 1, 1) + timedelta(days=rng.randrange(600)),
                "created_at": start,
                "updated_at": approved_at,
            }
        )
        for number in range(1, VERSIONS + 1):
            approved = number < VERSIONS
            versions.append(
                {
                    "id": first_version + number - 1,
                    "routine_id": index,
                    "number": number,
                    "title": routines[-1]["title"],
                    "body": bodies[(index + number) % len(bodies)],
                    "change_note": f"Endring {number}",
                    "author_id": author.id,
                    "created_at": start + timedelta(days=number),
                    "approved_at": approved_at if approved else None,
                    "approved_by_id": approver.id if approved else None,
                    "significant": approved,
                }
            )
    db.session.execute(insert(Routine), routines)
    db.session.execute(insert(RoutineVersion), versions)
    db.session.commit()
    return author, bodo


def timed(client, url: str, count: int, warm_up: int = 5) -> list[float]:
    """Milliseconds for ``count`` GETs of ``url`` after a few warm-up requests."""
    for _ in range(warm_up):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(count):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, url
    return times


def p95(values: list[float]) -> float:
    """The 95th percentile."""
    return statistics.quantiles(values, n=20)[-1]


def report(name: str, values: list[float], bare: float | None = None) -> None:
    """Print median and p95, and the ratio to the bare endpoint's median."""
    median = statistics.median(values)
    ratio = f"  ({median / bare:5.1f} x bare)" if bare else ""
    print(f"{name:<34} median {median:7.2f} ms   p95 {p95(values):7.2f} ms{ratio}")


def main() -> None:
    """Seed, time the pages against a bare endpoint, and time a 100 KB diff."""
    rng = random.Random(2026)
    app = create_app(BenchConfig)
    app.add_url_rule("/bench-bare", "bench_bare", lambda: "ok")
    with app.app_context():
        upgrade()
        began = time.perf_counter()
        author, _bodo = seed(rng)
        print(
            f"Seeded {ROUTINES} routines x {VERSIONS} versions in {time.perf_counter() - began:.1f} s"
        )
        email = author.email

    client = app.test_client()
    page = client.get("/logg-inn").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    response = client.post(
        "/logg-inn", data={"email": email, "password": demo.DEMO_PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302, "login failed"

    bare = timed(client, "/bench-bare", REQUESTS)
    bare_median = statistics.median(bare)
    report("bare Flask endpoint", bare)
    report("list page /rutiner/", timed(client, "/rutiner/", REQUESTS), bare_median)
    report(
        "list filtered+sorted, page 3",
        timed(client, "/rutiner/?kategori=admission&sorter=revisjon&side=3", REQUESTS),
        bare_median,
    )
    report("list page 40 (deep offset)", timed(client, "/rutiner/?side=40", REQUESTS), bare_median)
    timed(client, "/rutiner/1", 5)
    detail_times: list[float] = []
    for routine_id in rng.sample(range(1, ROUTINES + 1), REQUESTS):
        detail_times += timed(client, f"/rutiner/{routine_id}", 1, warm_up=0)
    report("detail page /rutiner/<id>", detail_times, bare_median)

    old = routine_text(rng, 100_000)
    new = edited(rng, old, 120)
    runs = []
    for _ in range(15):
        began = time.perf_counter()
        diff = diff_texts(old, new)
        runs.append((time.perf_counter() - began) * 1000)
    print(
        f"diff of two ~100 KB versions ({len(old.encode()) // 1000} KB / {len(new.encode()) // 1000} KB,"
        f" +{diff.added} -{diff.removed} lines): median {statistics.median(runs):.1f} ms,"
        f" max {max(runs):.1f} ms (goal <= 50 ms)"
    )


if __name__ == "__main__":
    main()
