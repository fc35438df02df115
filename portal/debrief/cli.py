"""CLI for cron: ``flask --app wsgi debrief purge-chat`` closes overdue rooms and deletes their chat."""

import click

from portal.core.dates import utcnow
from portal.debrief import chatroom
from portal.extensions import db


def purge_chat_command() -> None:
    """Close rooms left open past their end plus the grace period; delete closed rooms' chat."""
    deleted = chatroom.purge_expired(utcnow())
    db.session.commit()
    click.echo(f"Slettet {deleted} chatmeldinger.")
