"""CLI for cron: ``flask --app wsgi meetings purge-chat`` deletes debrief chats past their grace period."""

import click

from portal.dates import utcnow
from portal.extensions import db
from portal.meetings import bp
from portal.meetings import debrief_services as services


@bp.cli.command("purge-chat")
def purge_chat_command() -> None:
    """Close overdue debrief rooms and delete chat messages past the grace period."""
    deleted = services.purge_expired(utcnow())
    db.session.commit()
    click.echo(f"Slettet {deleted} chatmeldinger.")
