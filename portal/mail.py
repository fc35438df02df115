"""Outgoing e-mail: SMTP when MAIL_SERVER is set, otherwise a local outbox that admins can read."""

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

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


def send_mail(to: str, subject: str, body: str, attachments=()) -> None:
    """Send through SMTP if configured, else keep the message in the outbox table."""
    message = build_message(to, subject, body, attachments)
    config = current_app.config
    if not config["MAIL_SERVER"]:
        db.session.add(
            OutboxMessage(recipient=to, subject=subject, body=body, raw=message.as_string())
        )
        log.info("e-mail kept in outbox (no MAIL_SERVER configured)")
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)
    log.info("e-mail sent through SMTP")
