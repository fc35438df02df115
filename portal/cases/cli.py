"""CLI: ``flask --app wsgi cases scan FILE`` and ``flask --app wsgi cases purge``."""

import json
from dataclasses import asdict

import click
from flask import current_app

from portal.cases import services
from portal.cases.identifiers import scan
from portal.extensions import db


@click.argument("file", type=click.File("r", encoding="utf-8"))
def scan_command(file) -> None:
    """Scan a text file for Norwegian identifiers and print the findings as JSON."""
    findings = scan(file.read())
    click.echo(json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=2))


@click.option(
    "--days",
    type=int,
    default=None,
    help="Oppbevaringstid i dager (standard: CASE_RETENTION_DAYS).",
)
def purge_command(days: int | None) -> None:
    """Delete for good the cases withdrawn longer ago than the retention period."""
    retention = current_app.config["CASE_RETENTION_DAYS"] if days is None else days
    if retention < 0:
        raise click.ClickException("Oppbevaringstiden kan ikke være negativ.")
    count = services.purge_withdrawn(retention)
    db.session.commit()
    click.echo(f"Slettet {count} tilbaketrukne saker eldre enn {retention} dager.")
