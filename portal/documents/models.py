"""Stored file contents (one row per SHA-256) and attachments that point at them."""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.dates import utcnow
from portal.documents.sniff import TYPES
from portal.extensions import db
from portal.network.models import User


class Blob(db.Model):
    """File contents known to the store, named by their SHA-256 (kept once however often used)."""

    __tablename__ = "document_blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Attachment(db.Model):
    """A file attached to an owner object; «replace» adds a newer version that points back."""

    __tablename__ = "attachment"
    __table_args__ = (Index("ix_attachment_owner", "owner_kind", "owner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_kind: Mapped[str] = mapped_column(String(30))
    owner_id: Mapped[int]
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(ForeignKey("document_blob.sha256"), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(10))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"), index=True)
    replaced_at: Mapped[datetime | None]
    findings: Mapped[int] = mapped_column(default=0)
    finding_kinds: Mapped[str] = mapped_column(String(300), default="")

    uploaded_by: Mapped[User | None] = relationship()
    previous: Mapped["Attachment | None"] = relationship(remote_side=[id])

    @property
    def is_current(self) -> bool:
        """True for the newest version (not replaced)."""
        return self.replaced_at is None

    @property
    def uploader(self) -> str | None:
        """Who uploaded it (None once that account is gone)."""
        return self.uploaded_by.name if self.uploaded_by else None

    @property
    def mime(self) -> str:
        """The sniffed media type, as sent with downloads."""
        return TYPES[self.kind].mime

    @property
    def type_label(self) -> str:
        """The sniffed type in Norwegian («PDF», «PowerPoint» …)."""
        return TYPES[self.kind].label

    @property
    def inline(self) -> bool:
        """PDF and images may be shown in the browser."""
        return TYPES[self.kind].inline
