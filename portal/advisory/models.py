"""The advisory unit: its named advisers, consultation requests and their threads."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.dates import utcnow
from portal.extensions import db
from portal.network.models import Municipality, User


class ConsultationStatus(StrEnum):
    """Received (waiting for the unit), answered, closed."""

    RECEIVED = "received"
    ANSWERED = "answered"
    CLOSED = "closed"


STATUS_LABELS = {
    ConsultationStatus.RECEIVED: "Mottatt",
    ConsultationStatus.ANSWERED: "Besvart",
    ConsultationStatus.CLOSED: "Lukket",
}


class Adviser(db.Model):
    """A named member of the advisory unit (besides the legal advisers, who always belong)."""

    __tablename__ = "advisory_adviser"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class Consultation(db.Model):
    """A municipality's question to the advisory unit; advice, never journal."""

    __tablename__ = "advisory_consultation"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    asker_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("shared_case.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12), default=ConsultationStatus.RECEIVED, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    first_answered_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    municipality: Mapped[Municipality] = relationship()
    asker: Mapped[User | None] = relationship()
    messages: Mapped[list["ConsultationMessage"]] = relationship(
        back_populates="consultation", order_by="ConsultationMessage.id"
    )

    @property
    def is_closed(self) -> bool:
        """Closed: no more messages."""
        return self.status == ConsultationStatus.CLOSED

    @property
    def status_label(self) -> str:
        """The status in Norwegian."""
        return STATUS_LABELS[ConsultationStatus(self.status)]


class ConsultationMessage(db.Model):
    """One message in a consultation's thread, from the asking municipality or the unit."""

    __tablename__ = "advisory_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("advisory_consultation.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    from_unit: Mapped[bool] = mapped_column(default=False)
    body: Mapped[str] = mapped_column(Text)
    identifier_reason: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="messages")
    author: Mapped[User | None] = relationship()
