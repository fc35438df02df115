"""CLI: `flask cases scan FILE` prints JSON findings; `flask cases purge` deletes expired cases."""

import json
from datetime import timedelta

from sqlalchemy import select

from portal.cases import services
from portal.cases.models import Case
from portal.core.dates import utcnow
from portal.extensions import db
from portal.network.models import User
from tests.cases.factories import case_data


def test_scan_prints_findings_as_json(app, tmp_path):
    source = tmp_path / "sak.txt"
    source.write_text(
        "Kari bor i Storgata 12 og har fnr 02013299997.\nI Bodø § 10-2.", encoding="utf-8"
    )
    result = app.test_cli_runner().invoke(args=["cases", "scan", str(source)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {"start": 0, "end": 4, "kind": "NAME", "text": "Kari", "possible": False},
        {"start": 11, "end": 22, "kind": "ADDRESS", "text": "Storgata 12", "possible": False},
        {"start": 34, "end": 45, "kind": "FNR", "text": "02013299997", "possible": False},
    ]


def test_scan_of_a_missing_file_fails_clearly(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["cases", "scan", str(tmp_path / "finnes-ikke.txt")])
    assert result.exit_code != 0
    assert "finnes-ikke.txt" in result.output


def withdrawn_case(app, user, days_ago: int) -> int:
    """A withdrawn case whose withdrawal happened ``days_ago`` days ago."""
    with app.app_context():
        writer = db.session.get(User, user.id)
        case = services.create_case(writer, case_data())
        services.withdraw(writer, case, "Feil sak.")
        case.withdrawn_at = utcnow() - timedelta(days=days_ago)
        db.session.commit()
        return case.id


def test_purge_deletes_only_cases_past_the_retention_period(app, users):
    withdrawn_case(app, users["member"], days_ago=app.config["CASE_RETENTION_DAYS"] + 1)
    recent = withdrawn_case(app, users["member"], days_ago=1)
    result = app.test_cli_runner().invoke(args=["cases", "purge"])
    assert result.exit_code == 0, result.output
    assert "Slettet 1 tilbaketrukne saker" in result.output
    with app.app_context():
        assert set(db.session.scalars(select(Case.id))) == {recent}


def test_purge_with_explicit_days(app, users):
    withdrawn_case(app, users["member"], days_ago=5)
    result = app.test_cli_runner().invoke(args=["cases", "purge", "--days", "3"])
    assert "Slettet 1 tilbaketrukne saker eldre enn 3 dager." in result.output
    result = app.test_cli_runner().invoke(args=["cases", "purge", "--days", "-1"])
    assert result.exit_code != 0
