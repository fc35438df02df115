"""Backups: ``flask --app wsgi backup create`` and ``backup restore FILE``.

SQLite uses its online backup API (safe while the portal runs); PostgreSQL uses pg_dump in
custom format and pg_restore. Stored files (documents) go into a tar archive beside the
database backup (``<name>.files.tar``), through file sets that packages register here.
"""

import io
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.engine import make_url

from portal.config import INSTANCE_DIR
from portal.extensions import db

backup_cli = AppGroup("backup", help="Sikkerhetskopier av databasen og filene.")


@dataclass(frozen=True)
class FileSet:
    """Files outside the database that a backup must carry: (name, bytes) out, and back in."""

    collect: Callable[[], Iterable[tuple[str, bytes]]]
    restore: Callable[[str, bytes], None]


FILE_SETS: list[FileSet] = []


def files_archive(database_backup: Path) -> Path:
    """Where the files of a database backup are kept: beside it, ``<name>.files.tar``."""
    return database_backup.with_name(database_backup.name + ".files.tar")


def _write_files(target: Path) -> int:
    """Write every registered file set into one tar archive; return the number of files."""
    count = 0
    with tarfile.open(target, "w") as archive:
        for file_set in FILE_SETS:
            for name, data in file_set.collect():
                member = tarfile.TarInfo(name)
                member.size = len(data)
                archive.addfile(member, io.BytesIO(data))
                count += 1
    return count


def _restore_files(source: Path) -> int:
    """Put every file of a backup's archive back through the file sets; return how many."""
    if not source.exists():
        return 0
    count = 0
    with tarfile.open(source, "r") as archive:
        for member in archive:
            if not member.isfile():
                continue
            data = archive.extractfile(member).read()
            for file_set in FILE_SETS:
                file_set.restore(member.name, data)
            count += 1
    return count


def _url():
    """The configured database URL."""
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _libpq_url() -> str:
    """The PostgreSQL URL for pg_dump/pg_restore, without the password (see _libpq_env)."""
    return _url().set(drivername="postgresql", password=None).render_as_string()


def _libpq_env() -> dict[str, str]:
    """Environment for the PostgreSQL tools: the password travels here, not on the command line."""
    env = dict(os.environ)
    if password := _url().password:
        env["PGPASSWORD"] = password
    return env


def _tool(name: str) -> str:
    """Full path of a PostgreSQL client program, or a clear error."""
    path = shutil.which(name)
    if path is None:
        raise click.ClickException(f"{name} mangler: installer postgresql-client.")
    return path


def create_backup(target_dir: Path) -> Path:
    """Back up the database and the stored files into ``target_dir``; return the database file."""
    target = _create_database_backup(target_dir)
    _write_files(files_archive(target))
    return target


def _create_database_backup(target_dir: Path) -> Path:
    """Write a backup of the database into ``target_dir`` and return its path."""
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    url = _url()
    if url.get_backend_name() == "sqlite":
        target = target_dir / f"portal-{stamp}.sqlite3"
        db.session.remove()
        source = sqlite3.connect(url.database)
        destination = sqlite3.connect(target)
        with destination:
            source.backup(destination)
        source.close()
        destination.close()
        return target
    target = target_dir / f"portal-{stamp}.dump"
    subprocess.run(  # noqa: S603 - fixed program, arguments from our own configuration
        [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}", _libpq_url()],
        check=True,
        env=_libpq_env(),
    )
    return target


def restore_backup(source: Path) -> int:
    """Restore the database, then the stored files beside it; return the number of files."""
    _restore_database(source)
    return _restore_files(files_archive(source))


def _restore_database(source: Path) -> None:
    """Replace the database's contents with those of a backup file."""
    url = _url()
    db.session.remove()
    db.engine.dispose()
    if url.get_backend_name() == "sqlite":
        backup = sqlite3.connect(source)
        live = sqlite3.connect(url.database)
        with live:
            backup.backup(live)
        backup.close()
        live.close()
        return
    subprocess.run(  # noqa: S603 - fixed program, arguments from our own configuration
        [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
         f"--dbname={_libpq_url()}", str(source)],
        check=True,
        env=_libpq_env(),
    )  # fmt: skip


@backup_cli.command("create")
@click.option(
    "--dir", "target_dir", type=click.Path(file_okay=False, path_type=Path),
    default=INSTANCE_DIR / "backups", show_default=True, help="Mappe for sikkerhetskopien.",
)  # fmt: skip
def create_command(target_dir: Path) -> None:
    """Back up the database and the stored files."""
    target = create_backup(target_dir)
    click.echo(f"Sikkerhetskopi lagret: {target}")
    click.echo(f"Filene ligger i {files_archive(target)}")


@backup_cli.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Ikke spør om bekreftelse.")
def restore_command(source: Path, yes: bool) -> None:
    """Restore the database from a backup (everything now in it is replaced)."""
    if not yes:
        click.confirm("Alt som er i databasen nå blir erstattet. Fortsette?", abort=True)
    files = restore_backup(source)
    click.echo(
        f"Databasen og {files} filer er gjenopprettet. "
        "Kjør `flask --app wsgi db upgrade` hvis koden er nyere."
    )
