"""``flask documents purge``: files whose owner is gone, and stored contents nobody uses."""

import click
from flask import current_app

from portal.documents import services
from portal.extensions import db


def purge_command() -> None:
    """Delete attachments of deleted objects (e.g. purged cases) and unused stored files."""
    attachments, blobs = services.purge_orphans(current_app.extensions["documents.storage"])
    db.session.commit()
    click.echo(f"Slettet {attachments} vedlegg uten eier og {blobs} ubrukte filer.")
