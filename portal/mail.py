"""Outgoing e-mail: SMTP when MAIL_SERVER is set, otherwise a local outbox that admins can read."""

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from flask import current_app, flash
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import String, Text, event, insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.core.dates import utcnow
from portal.extensions import db

log = logging.getLogger(__name__)


class OutboxMessage(db.Model):
    """A message kept in the database instead of being sent (development, or no SMTP set)."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    raw: Mapped[str] = mapped_column(Text)


@dataclass(frozen=True)
class Attachment:
    """A file attached to an e-mail."""

    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"


def build_message(to: str, subject: str, body: str, attachments=()) -> EmailMessage:
    """Compose a plain-text e-mail with optional attachments."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    for item in attachments:
        maintype, subtype = item.mimetype.split("/", 1)
        message.add_attachment(
            item.content, maintype=maintype, subtype=subtype, filename=item.filename
        )
    return message


@dataclass
class Report:
    """How the e-mail of the last commits went: sent, kept in the outbox, kept after SMTP failed."""

    sent: int = 0
    kept: int = 0
    kept_after_failure: int = 0

    @property
    def total(self) -> int:
        """Every message accounted for."""
        return self.sent + self.kept + self.kept_after_failure


PENDING = "portal.mail.pending"
REPORT = "portal.mail.report"


def send_mail(to: str, subject: str, body: str, attachments=()) -> None:
    """Queue an e-mail; it leaves after the transaction commits, and never if it rolls back.

    Without MAIL_SERVER it goes to the outbox table inside the same transaction.
    """
    message = build_message(to, subject, body, attachments)
    session = db.session()
    if not current_app.config["MAIL_SERVER"]:
        session.add(
            OutboxMessage(recipient=to, subject=subject, body=body, raw=message.as_string())
        )
        _report(session).kept += 1
        return
    session.connection()  # join (or begin) the transaction, so a rollback drops the mail
    session.info.setdefault(PENDING, []).append(message)


MAIL_CONFIG_PROBLEM = _l(
    "E-posten kunne ikke sendes fordi e-postoppsettet ser ut til å være feil "
    "(MAIL_SERVER, MAIL_PORT, MAIL_SENDER eller innloggingen). {kept} e-post(er) er lagt i "
    "utboksen i stedet, så ingenting er tapt. Be administratoren rette oppsettet."
)


def flash_report(done: str) -> Report:
    """Tell the user honestly where the committed mail went: sent, or only in the outbox."""
    outcome = report()
    if outcome.kept_after_failure:
        flash(MAIL_CONFIG_PROBLEM.format(kept=outcome.kept_after_failure), "error")
    elif outcome.kept:
        flash(
            _(
                "{done} E-posten er lagt i utboksen ({kept} stk.), ikke sendt: portalen har "
                "ingen e-postserver satt opp."
            ).format(done=done, kept=outcome.kept),
            "outbox",
        )
    elif not outcome.total:
        flash(done)
    else:
        flash(_("{done} E-post sendt til {sent} mottaker(e).").format(done=done, sent=outcome.sent))
    return outcome


def report() -> Report:
    """The outcome of the mail queued since the last call, and start counting afresh."""
    return db.session().info.pop(REPORT, None) or Report()


def _report(session: Session) -> Report:
    """The session's running mail report."""
    return session.info.setdefault(REPORT, Report())


@event.listens_for(Session, "after_commit")
def _send_after_commit(session: Session) -> None:
    """Send what the committed transaction queued; on SMTP failure keep it in the outbox."""
    messages = session.info.pop(PENDING, None)
    if not messages:
        return
    tally = _report(session)
    try:
        _deliver(messages, current_app.config)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("SMTP delivery failed, %d message(s) kept in outbox: %s",
                    len(messages), type(error).__name__)  # fmt: skip
        _keep(messages)
        tally.kept_after_failure += len(messages)
    else:
        tally.sent += len(messages)
        log.info("%d e-mail(s) sent through SMTP", len(messages))


@event.listens_for(Session, "after_soft_rollback")
def _forget_on_rollback(session: Session, previous_transaction) -> None:
    """A rolled-back transaction sends nothing."""
    session.info.pop(PENDING, None)
    session.info.pop(REPORT, None)


def _deliver(messages: list[EmailMessage], config) -> None:
    """Send the messages over one SMTP connection."""
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        for message in messages:
            smtp.send_message(message)


def _keep(messages: list[EmailMessage]) -> None:
    """Store unsent messages in the outbox, in a transaction of their own."""
    rows = [
        {
            "created_at": utcnow(),
            "recipient": str(message["To"]),
            "subject": str(message["Subject"]),
            "body": _plain_text(message),
            "raw": message.as_string(),
        }
        for message in messages
    ]
    with db.engine.begin() as connection:
        connection.execute(insert(OutboxMessage), rows)


def _plain_text(message: EmailMessage) -> str:
    """The message's plain-text body."""
    part = message.get_body(("plain",))
    return part.get_content() if part is not None else ""
