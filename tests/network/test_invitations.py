"""Admins invite people by e-mail; the link is single use and expires."""

import re
from datetime import timedelta

from sqlalchemy import select

from portal.core.dates import utcnow
from portal.extensions import db
from portal.mail import OutboxMessage
from portal.network.models import Invitation, User
from tests.helpers import login, submit, text

PAGE = "/admin/invitasjoner"
LINK = re.compile(r"http://localhost(/invitasjon/[\w-]+)")


def invite(client, place, **overrides):
    """Submit the invitation form as the logged-in admin."""
    data = {"email": "ny@steigen.example", "name": "Nina Ny", "role": "member",
            "municipality": place("Steigen")} | overrides  # fmt: skip
    return submit(client, PAGE, data)


def accept(client, path, **overrides):
    """Fill in the invitation acceptance form."""
    data = {"name": "Nina Ny", "password": "et langt og godt passord",
            "password_repeat": "et langt og godt passord"} | overrides  # fmt: skip
    return submit(client, path, data)


def test_admin_invites_and_person_joins_municipality(app, client, users, place):
    login(client, users["admin"])
    response = invite(client, place)
    assert response.status_code == 200
    assert "Invitasjonen er lagt i utboksen" in text(response)
    path = LINK.search(text(response)).group(1)

    with app.app_context():
        mail = db.session.scalar(select(OutboxMessage))
        assert mail.recipient == "ny@steigen.example"
        assert path in mail.body
        assert "Steigen" in mail.body

    newcomer = app.test_client()
    page = newcomer.get(path)
    assert page.status_code == 200 and "Bli med i Fagnettverket" in text(page)
    assert 'value="Nina Ny"' in text(page)
    response = accept(newcomer, path)
    assert response.status_code == 302
    assert "Velkommen til Fagnettverket" in text(newcomer.get("/"))

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ny@steigen.example"))
        assert user.municipality.name == "Steigen"
        assert user.role == "member"
    assert (
        login(app.test_client(), "ny@steigen.example", "et langt og godt passord").status_code
        == 302
    )


def test_invitation_link_works_only_once(app, client, users, place):
    login(client, users["admin"])
    path = LINK.search(text(invite(client, place))).group(1)
    assert accept(app.test_client(), path).status_code == 302
    second = app.test_client().get(path)
    assert second.status_code == 410
    assert "allerede brukt" in text(second)


def test_expired_invitation_is_refused(app, client, users, place):
    login(client, users["admin"])
    path = LINK.search(text(invite(client, place))).group(1)
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        invitation.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    response = app.test_client().get(path)
    assert response.status_code == 410
    assert "utløpt" in text(response)


def test_unknown_invitation_token_is_404(client, users):
    response = client.get("/invitasjon/finnes-ikke")
    assert response.status_code == 404
    assert "ugyldig" in text(response)


def test_revoked_invitation_cannot_be_used(app, client, users, place):
    login(client, users["admin"])
    path = LINK.search(text(invite(client, place))).group(1)
    with app.app_context():
        invitation_id = db.session.scalar(select(Invitation.id))
    submit(client, PAGE, {}, action=f"{PAGE}/{invitation_id}/trekk-tilbake")
    assert app.test_client().get(path).status_code == 410


def test_duplicate_email_is_refused_and_input_kept(client, users, place):
    login(client, users["admin"])
    response = invite(client, place, email=users["member"].email, name="Dobbel Person")
    body = text(response)
    assert "finnes allerede en bruker" in body
    assert 'value="Dobbel Person"' in body
    assert f'value="{users["member"].email}"' in body


def test_second_open_invitation_to_same_address_is_refused(client, users, place):
    login(client, users["admin"])
    invite(client, place)
    assert "allerede en åpen invitasjon" in text(invite(client, place))


def test_unknown_municipality_and_bad_email_are_explained(client, users, place):
    login(client, users["admin"])
    body = text(invite(client, place, email="ikke-en-adresse", municipality="99999"))
    assert "Skriv en gyldig e-postadresse" in body
    assert "Velg en kommune fra listen." in body


def test_too_long_name_is_refused(client, users, place):
    login(client, users["admin"])
    body = text(invite(client, place, name="x" * 121))
    assert "Navnet kan ikke være lengre enn 120 tegn." in body


def test_member_role_requires_a_municipality(client, users):
    login(client, users["admin"])
    response = submit(client, PAGE, {"email": "a@b.example", "role": "member", "municipality": "0"})
    assert "Et medlem må høre til en kommune." in text(response)


def test_coordinator_may_be_invited_without_municipality(client, users):
    login(client, users["admin"])
    response = submit(
        client, PAGE, {"email": "k@b.example", "role": "moderator", "municipality": "0"}
    )
    assert "Invitasjonen er lagt i utboksen" in text(response)


def test_short_or_mismatched_password_keeps_name(app, client, users, place):
    login(client, users["admin"])
    path = LINK.search(text(invite(client, place))).group(1)
    newcomer = app.test_client()
    body = text(
        accept(newcomer, path, name="Nina Nordmann", password="kort", password_repeat="kort")
    )
    assert "Passordet må ha mellom 12 og 128 tegn." in body
    assert 'value="Nina Nordmann"' in body
    body = text(accept(newcomer, path, password_repeat="et annet langt passord"))
    assert "Passordene er ikke like." in body
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "ny@steigen.example")) is None


def test_members_and_moderators_cannot_invite(app, users):
    for who in ("member", "moderator", "legal"):
        client = app.test_client()
        login(client, users[who])
        assert client.get(PAGE).status_code == 403
