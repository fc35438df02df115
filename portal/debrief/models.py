"""Debriefing sessions, their participants and chat, and the defusing channel."""

from datetime import date, datetime, time

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.dates import utcnow
from portal.extensions import db
from portal.network.models import User

KIND_SESSION = "session"
KIND_DEFUSING = "defusing"


class DebriefSession(db.Model):
    """A scheduled debrief session (or a private defusing room) with its live chat room."""

    __tablename__ = "debrief_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), default=KIND_SESSION)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    moderator_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    procedure: Mapped[str] = mapped_column(Text, default="")
    procedure_link: Mapped[str] = mapped_column(String(500), default="")
    video_url: Mapped[str] = mapped_column(String(500), default="")
    series_uid: Mapped[str | None] = mapped_column(String(36), index=True)
    sequence: Mapped[int] = mapped_column(default=0)
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    paused: Mapped[bool] = mapped_column(default=False)
    purged_at: Mapped[datetime | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    moderator: Mapped[User] = relationship(foreign_keys=[moderator_id])
    participants: Mapped[list["DebriefParticipant"]] = relationship(
        back_populates="session", order_by="DebriefParticipant.number"
    )

    @property
    def is_defusing(self) -> bool:
        """True for a private defusing room."""
        return self.kind == KIND_DEFUSING

    def room_state(self, now: datetime) -> str:
        """'waiting' before the room opens, then 'open', then 'closed'."""
        if self.closed_at is not None:
            return "closed"
        if self.opened_at is not None or now >= self.starts_at:
            return "open"
        return "waiting"

    def registration_of(self, user) -> "DebriefParticipant | None":
        """The user's registration for this session, if any (removed ones included)."""
        return db.session.scalar(
            db.select(DebriefParticipant).where(
                DebriefParticipant.session_id == self.id, DebriefParticipant.user_id == user.id
            )
        )

    def has_participant(self, user) -> bool:
        """True when the user is registered and has not been removed."""
        registration = self.registration_of(user)
        return registration is not None and registration.removed_at is None


class DebriefParticipant(db.Model):
    """A member registered for a session, with the display name they chose for its room."""

    __tablename__ = "debrief_participant"
    __table_args__ = (UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("debrief_session.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    number: Mapped[int]
    display_name: Mapped[str] = mapped_column(String(40))
    registered_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[datetime | None]
    muted_until: Mapped[datetime | None]

    session: Mapped[DebriefSession] = relationship(back_populates="participants")
    user: Mapped[User] = relationship()

    def is_muted(self, now: datetime) -> bool:
        """True while a moderator's mute lasts."""
        return self.muted_until is not None and now < self.muted_until


class DebriefSeries(db.Model):
    """A recurring series of sessions, sent as one calendar invitation to its invitees."""

    __tablename__ = "debrief_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    frequency: Mapped[str] = mapped_column(String(10))
    first_date: Mapped[date]
    until: Mapped[date]
    start_time: Mapped[time]
    end_time: Mapped[time]
    sequence: Mapped[int] = mapped_column(default=0)
    moderator_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    moderator: Mapped[User] = relationship()
    invitees: Mapped[list["SeriesInvitee"]] = relationship(
        back_populates="series", cascade="all, delete-orphan"
    )


class SeriesInvitee(db.Model):
    """A person invited to every session of a series."""

    __tablename__ = "debrief_series_invitee"
    __table_args__ = (UniqueConstraint("series_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("debrief_series.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)

    series: Mapped[DebriefSeries] = relationship(back_populates="invitees")
    user: Mapped[User] = relationship()


class ChatMessage(db.Model):
    """A chat message; deleted when the session closes."""

    __tablename__ = "debrief_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("debrief_session.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    author_ref: Mapped[str] = mapped_column(String(20))
    author_label: Mapped[str] = mapped_column(String(80))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]
    # The writer was warned that the text looked like it named someone, and sent it anyway.
    identifier_warning_overridden: Mapped[bool] = mapped_column(default=False)

    author: Mapped[User] = relationship()


class ChatConnection(db.Model):
    """A live socket (any server process): who it belongs to and which room it has joined."""

    __tablename__ = "debrief_connection"

    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("debrief_session.id"), index=True)
    connected_at: Mapped[datetime] = mapped_column(default=utcnow)


class DefusingRequest(db.Model):
    """A member asks for a defusing talk; someone on duty takes it and opens a private room."""

    __tablename__ = "defusing_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    taken_at: Mapped[datetime | None]
    session_id: Mapped[int | None] = mapped_column(ForeignKey("debrief_session.id"))

    requester: Mapped[User] = relationship(foreign_keys=[requester_id])
    taken_by: Mapped[User | None] = relationship(foreign_keys=[taken_by_id])
    session: Mapped[DebriefSession | None] = relationship()

    @property
    def is_waiting(self) -> bool:
        """True until it is taken or withdrawn."""
        return self.withdrawn_at is None and self.taken_at is None

    def takeable_by(self, user) -> bool:
        """True while it waits and the user, someone else, is on duty."""
        return self.is_waiting and self.requester_id != user.id and DutyVolunteer.on_duty(user)


class DutyVolunteer(db.Model):
    """A moderator or peer who is on duty for defusing requests right now."""

    __tablename__ = "defusing_duty"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    since: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()

    @classmethod
    def on_duty(cls, user) -> bool:
        """True while the user has volunteered to take defusing requests."""
        return db.session.get(cls, user.id) is not None
