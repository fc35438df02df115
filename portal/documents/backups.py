"""Stored files in backups: every blob the database knows, named by its digest."""

from flask import current_app
from sqlalchemy import select

from portal.backup import FileSet
from portal.documents.models import Blob
from portal.documents.storage import DIGEST, digest_of
from portal.extensions import db

PREFIX = "files/"


def _collect():
    """(name, bytes) of every stored file, for the backup archive."""
    storage = current_app.extensions["documents.storage"]
    for digest in db.session.scalars(select(Blob.sha256).order_by(Blob.sha256)):
        yield PREFIX + digest, storage.get(digest)


def _restore(name: str, data: bytes) -> None:
    """Put one file back into the store, if its name is a digest its bytes match."""
    digest = name.removeprefix(PREFIX)
    if name.startswith(PREFIX) and DIGEST.match(digest) and digest_of(data) == digest:
        current_app.extensions["documents.storage"].put(digest, data)


FILES = FileSet(collect=_collect, restore=_restore)
