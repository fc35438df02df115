"""CLI: ``flask --app wsgi search reindex`` rebuilds the search index from every source."""

import click

from portal.extensions import db
from portal.search import services


@click.option("--if-empty", is_flag=True, help="Only when the index holds no documents yet.")
def reindex_command(if_empty: bool) -> None:
    """Rebuild the search index from the current content."""
    if if_empty and services.document_count(db.session):
        click.echo("Søkeindeksen er allerede bygd.")
        return
    counts = services.reindex(db.session)
    db.session.commit()
    for name, count in counts.items():
        click.echo(f"{name:<14} {count:>7} dokumenter")
    click.echo(f"Søkeindeksen er bygd på nytt: {sum(counts.values())} dokumenter.")
