"""Invitations and minutes notices through a real local SMTP server (aiosmtpd, own process)."""

import mailbox
import socket
import subprocess
import sys
import time
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import select

from portal import mail
from portal.extensions import db
from portal.mail import OutboxMessage
from portal.meetings import calendars, homework, minutes_book
from portal.meetings.models import Samling
from portal.network.models import User
from tests.helpers import login, submit, text


class Inbox:
    """The messages an aiosmtpd server process has stored in its Maildir."""

    def __init__(self, folder: Path):
        self.folder = folder

    @property
    def messages(self) -> list:
        """Every message received so far, parsed."""
        box = mailbox.Maildir(self.folder, create=False)
        return [message_from_bytes(box.get_bytes(key), policy=default) for key in box.iterkeys()]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int) -> None:
    """Wait until something accepts connections on the port."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("the SMTP server did not start")


@pytest.fixture
def smtp(app, monkeypatch, tmp_path):
    """A real SMTP server (aiosmtpd in its own process) with the app configured to use it."""
    port = free_port()
    folder = tmp_path / "maildir"
    server = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
         "-c", "aiosmtpd.handlers.Mailbox", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(port)
        monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(app.config, "MAIL_PORT", port)
        yield Inbox(folder)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_invitation_arrives_with_the_ics_attached(app, smtp, users, make_samling):
    samling_id = make_samling(title="Samling på Fauske")
    with app.app_context():
        moderator = db.session.get(User, users["moderator"].id)
        calendars.send_invitations(moderator, db.session.get(Samling, samling_id))
        assert smtp.messages == []  # nothing leaves before the commit
        db.session.commit()
        outcome = mail.report()
        day_uids = [calendars.day_uid(d) for d in db.session.get(Samling, samling_id).days]
    assert outcome.sent == len(users) and outcome.kept_after_failure == 0
    assert sorted(m["To"] for m in smtp.messages) == sorted(u.email for u in users.values())
    message = smtp.messages[0]
    assert message["Subject"] == "Invitasjon: Samling på Fauske"
    assert "Program og påmelding" in message.get_body(("plain",)).get_content()
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == f"samling-{samling_id}.ics"
    calendar = Calendar.from_ical(attachment.get_payload(decode=True))
    assert [str(e["uid"]) for e in calendar.walk("VEVENT")] == day_uids
    assert [str(e["location"]) for e in calendar.walk("VEVENT")] == ["Fauske hotell"] * 2


def test_publishing_minutes_mails_every_member(app, smtp, users, make_samling):
    samling_id = make_samling(title="Samling november")
    with app.app_context():
        moderator = db.session.get(User, users["moderator"].id)
        samling = db.session.get(Samling, samling_id)
        homework.add_action_item(moderator, samling, title="Hvor mange ansatte er i tjenesten?")
        minutes_book.publish_minutes(moderator, minutes_book.start_minutes(moderator, samling))
        db.session.commit()
    assert len(smtp.messages) == len(users)
    body = smtp.messages[0].get_body(("plain",)).get_content()
    assert "- Hvor mange ansatte er i tjenesten?" in body
    assert f"/samlinger/{samling_id}/referat" in body


def test_malformed_mail_config_gives_a_norwegian_error_and_keeps_the_mail(
    app, client, users, make_samling, monkeypatch
):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nobody listens there
    samling_id = make_samling()
    login(client, users["moderator"])
    response = submit(
        client, f"/samlinger/{samling_id}", {}, action=f"/samlinger/{samling_id}/inviter",
        follow_redirects=True,
    )  # fmt: skip
    assert "e-postoppsettet ser ut til å være feil" in text(response)
    assert f"{len(users)} e-post(er) er lagt i utboksen" in text(response)
    with app.app_context():
        kept = db.session.scalars(select(OutboxMessage)).all()
    assert sorted(m.recipient for m in kept) == sorted(u.email for u in users.values())
    assert all("text/calendar" in m.raw for m in kept)


def test_a_rolled_back_transaction_sends_nothing(app, smtp, users):
    with app.app_context():
        mail.send_mail("a@b.example", "Skal ikke komme fram", "Tekst")
        db.session.rollback()
        db.session.commit()
        assert mail.report().total == 0
        assert db.session.scalars(select(OutboxMessage)).all() == []
    assert smtp.messages == []


def test_a_rolled_back_transaction_leaves_nothing_in_the_outbox(app, users):
    with app.app_context():
        mail.send_mail("a@b.example", "Skal ikke lagres", "Tekst")
        db.session.rollback()
        assert db.session.scalars(select(OutboxMessage)).all() == []


def test_smtp_down_keeps_the_mail_in_the_outbox_after_commit_without_a_500(
    app, client, users, make_samling, monkeypatch
):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())
    samling_id = make_samling(title="Referatsamling")
    login(client, users["moderator"])
    with app.app_context():
        moderator = db.session.get(User, users["moderator"].id)
        minutes_book.start_minutes(moderator, db.session.get(Samling, samling_id))
        db.session.commit()
    response = submit(
        client, f"/samlinger/{samling_id}/referat/rediger", {},
        action=f"/samlinger/{samling_id}/referat/publiser", follow_redirects=True,
    )  # fmt: skip
    assert response.status_code == 200
    assert "e-postoppsettet ser ut til å være feil" in text(response)
    with app.app_context():
        kept = db.session.scalars(select(OutboxMessage)).all()
        published = db.session.get(Samling, samling_id).minutes.published_at
    assert published is not None  # the referat stays published; only the mail waits
    assert sorted(m.recipient for m in kept) == sorted(u.email for u in users.values())
    assert all(m.subject == "Referat: Referatsamling" and "referat" in m.body for m in kept)


def test_without_smtp_the_moderator_is_told_outbox_not_sent(app, client, users, make_samling):
    samling_id = make_samling()
    login(client, users["moderator"])
    response = submit(
        client, f"/samlinger/{samling_id}", {}, action=f"/samlinger/{samling_id}/inviter",
        follow_redirects=True,
    )  # fmt: skip
    page = text(response)
    assert f"E-posten er lagt i utboksen ({len(users)} stk.), ikke sendt" in page
    assert "sendt til" not in page


def test_the_admin_gets_a_link_to_the_outbox(app, client, users, make_samling):
    samling_id = make_samling()
    login(client, users["admin"])
    response = submit(
        client, f"/samlinger/{samling_id}", {}, action=f"/samlinger/{samling_id}/inviter",
        follow_redirects=True,
    )  # fmt: skip
    assert 'href="/admin/utboks"' in response.get_data(as_text=True)
