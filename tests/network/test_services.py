"""Network services without HTTP: passwords, sessions, invitations, audit log."""

import pytest
from argon2 import PasswordHasher
from sqlalchemy import delete, func, select

from portal import audit
from portal.audit import AuditEvent
from portal.extensions import db
from portal.network import services
from portal.network.demo import DEMO_PASSWORD
from portal.network.models import Municipality, User


def test_old_password_hash_is_rehashed_on_login(ctx, make_user):
    user = make_user()
    user.password_hash = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1).hash(
        DEMO_PASSWORD
    )
    db.session.commit()
    old = user.password_hash
    assert services.authenticate(user.email, DEMO_PASSWORD) is user
    assert user.password_hash != old
    assert services.authenticate(user.email, DEMO_PASSWORD) is user


def test_session_token_is_stored_hashed_and_ends(ctx, make_user):
    user = make_user()
    token = services.start_session(user)
    assert services.session_user(user.id, token) is user
    assert services.session_user(user.id + 1, token) is None
    services.end_session(token)
    assert services.session_user(user.id, token) is None


def test_end_all_sessions_counts_open_ones(ctx, make_user):
    user = make_user()
    tokens = [services.start_session(user) for _ in range(3)]
    services.end_session(tokens[0])
    assert services.end_all_sessions(user) == 2
    assert all(services.session_user(user.id, t) is None for t in tokens)


def test_audit_log_is_append_only(ctx, make_user):
    user = make_user()
    audit.record(user, "test.event", user, detail="x")
    db.session.commit()
    event = db.session.scalar(select(AuditEvent))
    event.detail = "endret"
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(event)
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()


def test_invitation_token_is_not_stored_in_clear(ctx, users):
    admin = db.session.merge(users["admin"])
    invitation, token = services.create_invitation(admin, "x@y.example", "", "legal", None)
    assert token not in invitation.token_hash
    assert services.find_invitation(token) is invitation


def test_ending_sessions_signals_the_user_id(ctx, make_user):
    from portal.signals import sessions_ended

    user = make_user()
    token = services.start_session(user)
    received = []
    with sessions_ended.connected_to(lambda sender: received.append(sender)):
        services.end_session(token)
        services.end_all_sessions(user)
    assert received == [user.id, user.id]


def test_member_counts_follow_every_change_of_a_members_row(ctx, make_user, place):
    def counts() -> dict[str, int]:
        kept = {row.name: row.members for row in services.municipality_overview()}
        live = dict(
            db.session.execute(
                select(Municipality.name, func.count(User.id))
                .outerjoin(User, (User.municipality_id == Municipality.id) & User.active)
                .group_by(Municipality.name)
            ).all()
        )
        assert kept == live  # the kept count is what counting would say
        return kept

    before = counts()
    kari = make_user(municipality="Bodø")
    make_user(municipality="Fauske", active=False)  # inactive: not counted
    make_user(municipality=None, role="moderator")  # no municipality: not counted
    assert counts()["Bodø"] == before["Bodø"] + 1 and counts()["Fauske"] == before["Fauske"]
    services.deactivate(kari, kari)
    db.session.commit()
    assert counts()["Bodø"] == before["Bodø"]
    services.reactivate(kari, kari)
    db.session.commit()
    kari.municipality_id = place("Fauske")  # moved
    db.session.commit()
    assert (counts()["Bodø"], counts()["Fauske"]) == (before["Bodø"], before["Fauske"] + 1)
    ola = make_user(municipality="Bodø")
    assert counts()["Bodø"] == before["Bodø"] + 1
    db.session.execute(delete(User).where(User.id == ola.id))  # deleted outside the ORM
    db.session.commit()
    assert counts()["Bodø"] == before["Bodø"]
