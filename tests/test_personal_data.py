"""GDPR access: the export gathers each feature's data about the person, and only theirs."""

import json

from sqlalchemy import select

from portal import personal_data
from portal.extensions import db
from portal.network.models import User

SECTIONS = {
    "profil", "rutiner", "saker", "samlinger", "debrifing", "kartlegginger", "vedlegg", "bistand",
    "rådgivende enhet",
}  # fmt: skip


def test_every_feature_contributes_real_data(app):
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        people = db.session.scalars(select(User)).all()
        exports = {person.id: personal_data.collect(person) for person in people}
        for person in people:
            export = exports[person.id]
            assert set(export) == SECTIONS
            text = json.dumps(export, ensure_ascii=False, default=str)
            assert "password_hash" not in text and "totp" not in text
            others = [p.email for p in people if p.id != person.id]
            assert not any(email in text for email in others), person.email

    def found(section: str, key: str) -> bool:
        return any(export[section][key] for export in exports.values())

    assert found("rutiner", "versjoner_skrevet")
    assert found("saker", "saker_skrevet")
    assert found("samlinger", "hjemmelekser_besvart")
    assert found("debrifing", "økter") or found("debrifing", "defusing_forespørsler")
    assert found("kartlegginger", "svar")
    assert found("bistand", "forespørsler") and found("bistand", "statusrapporter")
    assert found("rådgivende enhet", "meldinger")
