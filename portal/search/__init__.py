"""Search over every feature, in Norwegian, through the access policy."""

from portal.search import cli, sync  # noqa: F401 - sync listens to session events
from portal.search.routes import bp

bp.cli.short_help = "Søk"
bp.cli.command("reindex")(cli.reindex_command)

__all__ = ["bp"]
