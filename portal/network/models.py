"""Network, municipalities, members (users with one role) and their login sessions."""

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.dates import utcnow
from portal.extensions import db


class Role(StrEnum):
    """What a user may do in the network."""

    MEMBER = "member"
    MODERATOR = "moderator"
    ADMIN = "admin"
    LEGAL = "legal"


ROLE_LABELS = {
    Role.MEMBER: _l("Medlem"),
    Role.MODERATOR: _l("Moderator (koordinator)"),
    Role.ADMIN: _l("Administrator"),
    Role.LEGAL: _l("Juridisk rådgiver"),
}


class Network(db.Model):
    """A professional network of municipalities (e.g. the Salten network)."""

    __tablename__ = "network"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(60))
    require_two_factor: Mapped[bool] = mapped_column(default=False)

    municipalities: Mapped[list["Municipality"]] = relationship(
        back_populates="network", order_by="Municipality.name"
    )


class Municipality(db.Model):
    """A municipality in the network, identified by its kommunenummer."""

    __tablename__ = "municipality"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    number: Mapped[str] = mapped_column(String(4), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    # Active members, kept by database triggers on "user" (migration 0022): the network page
    # reads it instead of counting every member; never written by the portal itself.
    member_count: Mapped[int] = mapped_column(default=0, server_default="0")

    network: Mapped[Network] = relationship(back_populates="municipalities")
    members: Mapped[list["User"]] = relationship(
        back_populates="municipality", order_by="User.name"
    )


class User(UserMixin, db.Model):
    """A person with an account; belongs to one municipality (coordinator/adviser may not)."""

    __tablename__ = "user"
    # the network page: contact people in name order, and active members counted per
    # municipality from the index alone; a municipality's page: its members in name order
    __table_args__ = (
        Index("ix_user_contacts", "is_contact", "active", "name"),
        Index("ix_user_municipality_members", "municipality_id", "active", "name", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(20), default=Role.MEMBER)
    is_contact: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deactivated_at: Mapped[datetime | None]
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None]
    two_factor_since: Mapped[datetime | None]

    network: Mapped[Network] = relationship()
    municipality: Mapped[Municipality | None] = relationship(back_populates="members")

    @property
    def is_active(self) -> bool:
        """Flask-Login: deactivated members cannot log in."""
        return self.active

    @property
    def has_two_factor(self) -> bool:
        """True when the user has enrolled an authenticator app."""
        return self.two_factor_since is not None

    @property
    def role_label(self) -> str:
        """The role in Norwegian."""
        return ROLE_LABELS[Role(self.role)]


class Invitation(db.Model):
    """A single-use, expiring invitation for a person to join the network."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(20), default=Role.MEMBER)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    municipality: Mapped[Municipality | None] = relationship()
    invited_by: Mapped[User] = relationship()

    def is_open(self, now: datetime) -> bool:
        """True while the invitation can still be accepted."""
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at


class LoginSession(db.Model):
    """A server-side login session; ending it makes any copy of the cookie worthless."""

    __tablename__ = "login_session"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    ended_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class RecoveryCode(db.Model):
    """A one-time recovery code for two-factor login, stored hashed."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]


class PasswordReset(db.Model):
    """A single-use, expiring password-reset link (only the token's hash is kept)."""

    __tablename__ = "password_reset"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
