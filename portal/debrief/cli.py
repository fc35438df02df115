"""CLI for cron: ``flask --app wsgi debrief purge-chat`` deletes debrief chats past their grace period."""

import click

from portal.core.dates import utcnow
from portal.debrief import chatroom
from portal.extensions import db


def purge_chat_command() -> None:
    """Close overdue debrief rooms and delete chat messages past the grace period."""
    deleted = chatroom.purge_expired(utcnow())
    db.session.commit()
    click.echo(f"Slettet {deleted} chatmeldinger.")
