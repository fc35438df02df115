"""``flask rutiner remind``: reminders to the responsible, and the overdue list printed."""

from datetime import datetime

from portal.extensions import db
from portal.mail import OutboxMessage


def test_remind_mails_and_prints_overdue(app, users, routine_factory):
    with app.app_context():
        routine_factory(users["member"], "approved", approver=users["colleague"],
                        title="Gammel rutine", at=datetime(2020, 5, 1, 12, 0))  # fmt: skip
        routine_factory(users["colleague"], "approved", approver=users["member"], title="Fersk")
    result = app.test_cli_runner().invoke(args=["rutiner", "remind"])
    assert result.exit_code == 0, result.output
    assert "Påminnelser sendt til 1 ansvarlige." in result.output
    assert "1 rutiner har passert revisjonsdatoen:" in result.output
    assert "01.05.2021" in result.output and "Gammel rutine" in result.output
    assert "Fersk" not in result.output
    assert users["member"].email not in result.output
    with app.app_context():
        (mail,) = db.session.scalars(db.select(OutboxMessage)).all()
        assert mail.recipient == users["member"].email
        assert "Gammel rutine" in mail.body and "/rutiner/" in mail.body


def test_remind_with_nothing_due(app, users):
    result = app.test_cli_runner().invoke(args=["rutiner", "remind"])
    assert result.exit_code == 0
    assert "Ingen rutiner har passert revisjonsdatoen." in result.output


def test_demo_routines_load(ctx, make_user, network):
    from portal.network.models import Network
    from portal.rutiner.demo import add_routines
    from portal.rutiner.models import Routine

    people = [
        ("kari.johansen@bodo.example", "Bodø"), ("ola.nilsen@bodo.example", "Bodø"),
        ("hilde.pedersen@fauske.example", "Fauske"), ("jonas.andreassen@fauske.example", "Fauske"),
        ("marit.kristiansen@saltdal.example", "Saltdal"), ("tor.jensen@saltdal.example", "Saltdal"),
        ("anne.berg@steigen.example", "Steigen"), ("knut.hansen@steigen.example", "Steigen"),
    ]  # fmt: skip
    for email, place_name in people:
        make_user(email=email, municipality=place_name)
    make_user(email="koordinator@salten.example", role="moderator", municipality=None)
    make_user(email="admin@salten.example", role="admin", municipality=None)
    add_routines(db.session.get(Network, network))
    db.session.commit()
    every = db.session.scalars(db.select(Routine).order_by(Routine.id)).all()
    assert len(every) == 6
    routines = {r.title: r for r in every if r.origin_routine_id is None}
    admission = routines["Innleggelse i psykisk helsevern"]
    assert (admission.released_version.number, admission.draft_version.number) == (2, 3)
    assert routines["Hjemmebesøk og alenearbeid"].next_review_date < datetime.now().date()
    adopted = next(r for r in every if r.origin_routine_id)
    assert adopted.origin.released_version.number > adopted.origin_version_number
    pending = routines["Opplæring av nyansatte i psykisk helse- og rustjenesten"]
    assert pending.status == "pending"
