"""Documents: attachments on samlinger, agenda items, minutes, routine versions, cases and
homework answers; Word import of routines; PDF/A export for the archive; storage backends."""

from portal import backup, personal_data
from portal.documents import backups, cli, demo, policy, services  # noqa: F401 - policy: rules
from portal.documents.routes import bp
from portal.network import demo as network_demo

bp.cli.command("purge")(cli.purge_command)
backup.FILE_SETS.append(backups.FILES)
personal_data.source("vedlegg")(services.personal_attachment_data)


_demo_registered: list[bool] = []


@bp.record_once
def _demo_after_the_features(_state) -> None:
    """Demo files go on other features' demo objects, so this loader comes after theirs: it is
    registered when the blueprint first is (once every feature package has been imported),
    and only once however many apps are made."""
    if not _demo_registered:
        network_demo.loader(demo.add_documents)
        _demo_registered.append(True)


__all__ = ["bp"]
