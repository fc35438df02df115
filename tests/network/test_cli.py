"""The CLI commands a newcomer and an operator use."""

from pathlib import Path

from sqlalchemy import func, select

from portal.extensions import db
from portal.network.demo import MUNICIPALITIES_CSV, read_municipalities
from portal.network.models import Municipality, User


def test_seed_demo_fills_an_empty_database_and_prints_logins(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "koordinator@salten.example" in result.output
    assert "Salten-demo-2026" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Municipality.id))) == 10
        roles = dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all())
        assert roles["moderator"] == 1 and roles["admin"] == 1 and roles["legal"] == 1
        assert roles["member"] >= 20
    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert again.exit_code == 0 and "allerede data" in again.output
    refused = runner.invoke(args=["seed-demo"])
    assert refused.exit_code != 0


def test_create_admin(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-admin", "--email", "Ny.Admin@Kommune.example", "--name", "Ny Admin"],
        input="et svært langt passord\net svært langt passord\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ny.admin@kommune.example"))
        assert user.role == "admin"
    short = runner.invoke(
        args=["create-admin", "--email", "b@kommune.example", "--name", "B"], input="kort\nkort\n"
    )
    assert short.exit_code != 0 and "mellom 12 og 128 tegn" in short.output


def test_bundled_municipalities_match_shared_reference_data():
    shared = Path(__file__).resolve().parents[3] / "shared" / "data" / "salten-kommuner.csv"
    assert len(read_municipalities()) == 10
    if shared.exists():
        assert shared.read_text(encoding="utf-8") == MUNICIPALITIES_CSV.read_text(encoding="utf-8")
