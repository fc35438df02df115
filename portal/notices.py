"""E-mail notices that a service prepares and a route sends after its commit."""

import logging
import smtplib
from dataclasses import dataclass

from portal import mail

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    """An e-mail to send after the transaction has been committed."""

    to: str
    subject: str
    body: str


def send(notices: list[Notice]) -> None:
    """Send the e-mails (or keep them in the outbox); a broken SMTP setup loses nothing else."""
    for notice in notices:
        try:
            mail.send_mail(notice.to, notice.subject, notice.body)
        except (OSError, smtplib.SMTPException) as error:
            log.warning("notice not sent: %s", type(error).__name__)
