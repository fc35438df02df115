"""Chat display names: nobody poses as the moderator, staff or another participant."""

import pytest

from portal.debrief import services
from portal.debrief.models import DebriefParticipant, DebriefSession
from portal.extensions import db
from portal.network.models import Role, User
from tests.helpers import login, submit, text


@pytest.mark.parametrize(
    "name",
    ["Marte Sandvik (Moderatør)", "M\u043ederator", "Koordinator", "Admin Ola", "Jurist"],
)
def test_staff_titles_are_refused_on_registration(app, users, make_session, name):
    session_id = make_session(users["moderator"], starts_in=60)
    with app.app_context():
        session = db.session.get(DebriefSession, session_id)
        with pytest.raises(services.DebriefError, match="ligne en rolle"):
            services.register(session, db.session.get(User, users["member"].id), name)


def test_look_alikes_of_people_in_the_room_are_refused(
    app, users, make_user, make_session, register
):
    marte = make_user(role=Role.MODERATOR, municipality=None, name="Marte Sandvik")
    session_id = make_session(marte, starts_in=60)
    register(session_id, users["colleague"], "Kari")
    with app.app_context():
        session = db.session.get(DebriefSession, session_id)
        member = db.session.get(User, users["member"].id)
        for copy in ("K\u0430ri", "KARI", "Kári", "K a r i"):
            with pytest.raises(services.DebriefError):
                services.register(session, member, copy)
        with pytest.raises(services.DebriefError, match="ligner for mye"):
            services.register(session, member, "M\u0430rte S\u0430ndvik")
        assert services.register(session, member, "Kaja").display_name == "Kaja"


def test_rename_follows_the_same_rules_and_keeps_ones_own_name(app, users, make_session, register):
    session_id = make_session(users["moderator"], starts_in=60)
    participant_id = register(session_id, users["member"], "Kari")
    with app.app_context():
        participant = db.session.get(DebriefParticipant, participant_id)
        services.rename(participant, "KARI")
        with pytest.raises(services.DebriefError, match="ligne en rolle"):
            services.rename(participant, "Kari (moderatør)")


def test_the_page_explains_a_refused_staff_title(client, users, make_session):
    session_id = make_session(users["moderator"], starts_in=60)
    login(client, users["member"])
    submit(
        client, f"/debrifing/{session_id}", {"display_name": "Marte Sandvik (Moderatør)"},
        action=f"/debrifing/{session_id}/pamelding",
    )  # fmt: skip
    page = text(client.get(f"/debrifing/{session_id}"))
    assert "Portalen viser selv hvem som er moderator" in page
    assert "Meld meg på" in page
