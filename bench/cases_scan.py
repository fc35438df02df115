"""Benchmark: identifier scan throughput on 1 MB of Norwegian text, and the case findings page.

Run: .venv/bin/python bench/cases_scan.py

Prints the scan speed in MB/s (goal: at least 2 MB/s) and the time to render a case's findings
page with every finding highlighted, next to a bare Flask endpoint measured in the same run.
"""

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402

from portal import create_app  # noqa: E402
from portal.cases import services  # noqa: E402
from portal.cases.identifiers import scan  # noqa: E402
from portal.cases.models import SECTION_FIELDS  # noqa: E402
from portal.config import TestingConfig  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.network import demo  # noqa: E402
from portal.network.models import Role, User  # noqa: E402
from portal.network.services import hash_password  # noqa: E402

GOAL_MB_PER_S = 2.0
PAGE_REQUESTS = 40

SENTENCES = [
    "Brukeren er en mann i 40-årene som bor alene i en kommunal leilighet i Fauske.",
    "Han har ROP-lidelser med alkohol og angst (F10.2, F41.1), og sover dårlig.",
    "Vedtak etter helse- og omsorgstjenesteloven § 3-2 og kap. 9 ble drøftet, sak 2023/14562.",
    "Ansvarsgruppen møtes kl. 14.30 hver sjette uke på rådhuset i Bodø.",
    "Husleien er kr 8 500 i måneden, og gjelden er om lag 125 000 kroner.",
    "Koordinator har fått opplæring i individuell plan og pakkeforløp.",
    "Hva virket? Faste avtaler, og at noen kom hjem til ham på faste dager.",
    "Fastlegen var med i ansvarsgruppen, og DPS ga ambulant oppfølging.",
    "Kari Nordmann ringte 912 34 567 om husleia.",
    "Han er 42 år gammel og bor i Storgata 12, 8006 Bodø.",
    "Innleggelsen skjedde 12.03.2023, og utskrivningen 3. april 2023.",
    "Sønnen heter Jonas, og e-post til moren er mor@example.no.",
    "Fødselsnummeret 020132 99997 sto i et vedlegg som ble fjernet.",
    "Per dag får han tre måltider fra hjemmetjenesten.",
    "Vold og trusler ble tatt opp på samlingen i Saltdal.",
]


def norwegian_text(size: int, seed: int = 2026) -> str:
    """Case-like Norwegian text of about ``size`` bytes, identifiers sprinkled in."""
    rng = random.Random(seed)
    parts, total = [], 0
    while total < size:
        paragraph = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(3, 7))) + "\n\n"
        parts.append(paragraph)
        total += len(paragraph.encode())
    return "".join(parts)


def bench_scan() -> None:
    """Scan 1 MB of text a few times; print the best throughput."""
    text = norwegian_text(1_000_000)
    megabytes = len(text.encode()) / 1_000_000
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        findings = scan(text)
        timings.append(time.perf_counter() - started)
    best = min(timings)
    speed = megabytes / best
    verdict = "OK" if speed >= GOAL_MB_PER_S else "UNDER MÅLET"
    print(f"scan: {megabytes:.2f} MB, {len(findings)} funn, best of 3: {best * 1000:.0f} ms")
    print(f"scan throughput: {speed:.2f} MB/s (goal >= {GOAL_MB_PER_S:.0f} MB/s: {verdict})")


class BenchConfig(TestingConfig):
    """A throw-away SQLite database, cheap hashing, no CSRF (the bench posts the login form)."""

    SQLALCHEMY_DATABASE_URI = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    ARGON2_PARAMETERS = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
    WTF_CSRF_ENABLED = False


def timed_get(client, url: str, count: int) -> float:
    """Mean seconds per GET of ``url`` (after one warm-up request)."""
    assert client.get(url).status_code == 200, url
    started = time.perf_counter()
    for _ in range(count):
        client.get(url)
    return (time.perf_counter() - started) / count


def bench_page() -> None:
    """Render a case's findings page (every finding highlighted) against a bare endpoint."""
    app = create_app(BenchConfig)
    app.add_url_rule("/bench/bare", "bench_bare", lambda: "ok")
    with app.app_context():
        upgrade()
        network = demo.ensure_network()
        author = User(
            network=network, municipality=network.municipalities[0], email="bench@example.no",
            name="Bench", role=Role.MEMBER, password_hash=hash_password(demo.DEMO_PASSWORD),
        )  # fmt: skip
        db.session.add(author)
        db.session.flush()
        section = norwegian_text(2_000, seed=7)
        data = {"title": "Benchmark-sak", **{field: section for field in SECTION_FIELDS}}
        case = services.create_case(author, data)
        db.session.commit()
        case_id, findings = case.id, len(services.open_findings(case))
        size = services.text_size(data)
    client = app.test_client()
    client.post("/logg-inn", data={"email": "bench@example.no", "password": demo.DEMO_PASSWORD})
    bare = timed_get(client, "/bench/bare", PAGE_REQUESTS)
    page = timed_get(client, f"/saker/{case_id}/gjennomgang", PAGE_REQUESTS)
    print(f"findings page: {size / 1000:.0f} kB case text, {findings} highlighted findings")
    print(f"bare Flask endpoint: {bare * 1000:.2f} ms/request")
    print(f"findings page with highlights: {page * 1000:.2f} ms/request")
    print(f"ratio findings page / bare endpoint: {page / bare:.1f}x")


if __name__ == "__main__":
    bench_scan()
    bench_page()
