"""Benchmark for surveys: 357 municipalities x 40 competence areas x 3 rounds.

Run: .venv/bin/python bench/surveys.py   (a minute or two on two cores; not part of the tests)

Seeds a temporary SQLite database built by the migrations with three rounds of a survey whose
competence matrix has 40 areas, each answered by all 357 municipalities, then times the first
results request (aggregation, gap ranking), the results page after it (cached per results
version; the heatmap is an image at this size), the heatmap's table on its own page, the SVG
and its revalidation, and the comparison with the previous round, through the Flask test
client next to a bare Flask endpoint in the same run. Prints median/p95, the ratio and the
goal (results page after the first <= 50 ms).
"""

import random
import re
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from portal import create_app  # noqa: E402
from portal.config import TestingConfig  # noqa: E402
from portal.core.dates import oslo_today
from portal.extensions import db  # noqa: E402
from portal.network import demo  # noqa: E402
from portal.network.models import Municipality, Network, Role, User  # noqa: E402
from portal.network.services import hash_password  # noqa: E402
from portal.surveys.models import (  # noqa: E402
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveySection,
    SurveyStatus,
)

MUNICIPALITIES = 357
AREAS = 40
ROUNDS = 3
REQUESTS = 15
GOAL_MS = 50
TMP = Path(tempfile.mkdtemp(prefix="bench-surveys-"))


class BenchConfig(TestingConfig):
    """A file database in a temporary folder; cheap password hashing."""

    SQLALCHEMY_DATABASE_URI = f"sqlite:///{TMP / 'bench.db'}"
    ARGON2_PARAMETERS = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
    LOGIN_RATE_LIMIT = "1000 per minute"


def seed(rng: random.Random) -> tuple[str, list[int]]:
    """A network of 357 municipalities and three answered rounds; return login and survey ids."""
    network = Network(name="Benchmark-nettverket", short_name="Bench")
    db.session.add(network)
    db.session.flush()
    db.session.execute(
        insert(Municipality),
        [
            {"network_id": network.id, "number": f"{i:04d}", "name": f"Kommune {i:03d}"}
            for i in range(1, MUNICIPALITIES + 1)
        ],
    )
    moderator = User(network=network, email="koordinator@bench.example", name="Koordinator",
                     role=Role.MODERATOR, password_hash=hash_password(demo.DEMO_PASSWORD))  # fmt: skip
    db.session.add(moderator)
    db.session.flush()
    municipality_ids = list(db.session.scalars(db.select(Municipality.id)))
    areas = [f"Kompetanseområde {i:02d}" for i in range(1, AREAS + 1)]
    today = oslo_today()
    survey_ids = []
    for round_no in range(ROUNDS):
        opens = today - timedelta(days=365 * (ROUNDS - 1 - round_no) + 10)
        survey = Survey(network_id=network.id, title=f"Runde {round_no + 1}", series="bench",
                        opens_on=opens, closes_on=opens + timedelta(days=30),
                        status=SurveyStatus.CLOSED, created_by_id=moderator.id)  # fmt: skip
        section = SurveySection(survey=survey, position=1, title="Kompetanse")
        matrix = SurveyQuestion(survey=survey, section=section, position=1,
                                kind=QuestionKind.MATRIX, text="Kompetanse", options=areas)  # fmt: skip
        staff = SurveyQuestion(survey=survey, section=section, position=2,
                               kind=QuestionKind.NUMBER, text="Antall ansatte")  # fmt: skip
        db.session.add_all([survey, section, matrix, staff])
        db.session.flush()
        responses, answers = [], []
        for municipality_id in municipality_ids:
            response_id = f"{round_no:02d}{municipality_id:030d}"
            responses.append({"id": response_id, "survey_id": survey.id,
                              "municipality_id": municipality_id, "slot": municipality_id,
                              "submitted": True})  # fmt: skip
            value = {
                area: {
                    "level": rng.randint(1, 5),
                    "need": rng.randint(1, 5),
                    "priority": rng.random() < 0.1,
                }  # fmt: skip
                for area in areas
            }
            answers.append({"response_id": response_id, "question_id": matrix.id, "value": value})
            answers.append({"response_id": response_id, "question_id": staff.id,
                            "value": rng.randint(1, 40)})  # fmt: skip
        db.session.execute(insert(SurveyResponse), responses)
        db.session.execute(insert(SurveyAnswer), answers)
        survey_ids.append(survey.id)
    db.session.commit()
    return moderator.email, survey_ids


def timed(client, url: str, count: int, warm_up: int = 2) -> list[float]:
    """Milliseconds per GET of ``url`` (after a warm-up), asserting 200."""
    for _ in range(warm_up):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(count):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
    return times


def p95(values: list[float]) -> float:
    """The 95th percentile."""
    return sorted(values)[max(0, round(len(values) * 0.95) - 1)]


def report(name: str, values: list[float], bare: float | None = None) -> None:
    """Print median and p95, and the ratio to the bare endpoint's median."""
    median = statistics.median(values)
    ratio = f"  ({median / bare:7.1f} x bare)" if bare else ""
    print(f"{name:<38} median {median:8.2f} ms   p95 {p95(values):8.2f} ms{ratio}")


def main() -> None:
    """Seed, then time the survey pages against a bare endpoint."""
    app = create_app(BenchConfig)
    app.add_url_rule("/bench-bare", "bench_bare", lambda: "ok")
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        email, survey_ids = seed(random.Random(6))
        print(
            f"Seeded {MUNICIPALITIES} municipalities x {AREAS} areas x {ROUNDS} rounds "
            f"({MUNICIPALITIES * ROUNDS} responses) in {time.perf_counter() - started:.1f} s"
        )
    client = app.test_client()
    page = client.get("/logg-inn").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    response = client.post(
        "/logg-inn", data={"email": email, "password": demo.DEMO_PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302, "login failed"
    latest = survey_ids[-1]
    started = time.perf_counter()
    body = client.get(f"/kartlegginger/{latest}/resultater").get_data(as_text=True)
    first = (time.perf_counter() - started) * 1000
    print(f"Results page: {len(body) / 1e3:.0f} KB of HTML, {body.count('<rect')} inline heatmap cells; "
          f"first request (aggregates and renders) {first:.0f} ms")  # fmt: skip

    bare = timed(client, "/bench-bare", 200)
    bare_median = statistics.median(bare)
    report("bare Flask endpoint", bare)
    results = timed(client, f"/kartlegginger/{latest}/resultater", REQUESTS)
    report("results page (gaps, heatmap as image)", results, bare_median)
    report("heatmap as a table (own page)", timed(client, f"/kartlegginger/{latest}/varmekart",
                                                  REQUESTS), bare_median)  # fmt: skip
    report("heatmap SVG alone", timed(client, f"/kartlegginger/{latest}/varmekart.svg",
                                      REQUESTS), bare_median)  # fmt: skip
    report("compare with previous round", timed(client, f"/kartlegginger/{latest}/sammenlign",
                                                REQUESTS), bare_median)  # fmt: skip
    etag = client.get(f"/kartlegginger/{latest}/varmekart.svg").headers["ETag"]
    revalidated = client.get(f"/kartlegginger/{latest}/varmekart.svg",
                             headers={"If-None-Match": etag})  # fmt: skip
    print(f"heatmap SVG revalidation: {revalidated.status_code} (ETag {etag})")
    median = statistics.median(results)
    verdict = "OK" if median <= GOAL_MS else "short"
    print(f"goal: results page after the first <= {GOAL_MS} ms: median {median:.1f} ms "
          f"({median / GOAL_MS:.2f} of the goal) {verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
