"""Routines, their versions, read confirmations and comments."""

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.dates import utcnow
from portal.extensions import db
from portal.network.models import Municipality, User


class Status(StrEnum):
    """Where a routine is in its life: the state of its newest version."""

    DRAFT = "draft"
    PENDING = "pending"
    APPROVED = "approved"
    EXPIRED = "expired"


STATUS_LABELS = {
    Status.DRAFT: _l("Utkast"),
    Status.PENDING: _l("Til godkjenning"),
    Status.APPROVED: _l("Godkjent"),
    Status.EXPIRED: _l("Utgått"),
}

CATEGORIES = {
    "admission": _l("Innleggelse"),
    "collaboration": _l("Samarbeid fastlege/spesialisthelsetjeneste"),
    "violence_threats": _l("Vold og trusler"),
    "new_employee": _l("Ny ansatt"),
    "absence": _l("Fravær"),
    "deviation": _l("Avvik"),
    "documentation": _l("Dokumentasjon"),
    "coercion": _l("Tvang"),
    "oat": _l("LAR"),
    "suicide_risk": _l("Selvmordsfare"),
    "home_visit": _l("Hjemmebesøk"),
}

# The Norwegian keys stored before 0008_english_values, still accepted in bookmarked ?kategori= links.
LEGACY_CATEGORIES = {
    "innleggelse": "admission",
    "samarbeid": "collaboration",
    "vold_trusler": "violence_threats",
    "ny_ansatt": "new_employee",
    "fravaer": "absence",
    "avvik": "deviation",
    "dokumentasjon": "documentation",
    "tvang": "coercion",
    "lar": "oat",
    "selvmordsfare": "suicide_risk",
    "hjemmebesok": "home_visit",
}


def category_from_query(value: str) -> str:
    """The category key for a ?kategori= value, old Norwegian keys included."""
    return LEGACY_CATEGORIES.get(value, value)


REVIEW_INTERVALS = (6, 12, 24, 36)
SHARED_OWNER = "Felles (hele nettverket)"  # the owner shown for network-wide routines


class Routine(db.Model):
    """A routine owned by a municipality (or by the whole network when municipality is None)."""

    __tablename__ = "routine"
    # the list filtered by category, in title order, without sorting the category's routines;
    # its count (released, or the reader's own) from the index alone
    __table_args__ = (
        Index(
            "ix_routine_category_title",
            "category", "title", "released_version_id", "municipality_id",
        ),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"), index=True)
    title: Mapped[str] = mapped_column(String(200), index=True)
    category: Mapped[str] = mapped_column(String(40))
    tags: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(20), default=Status.DRAFT, index=True)
    responsible_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    review_interval_months: Mapped[int] = mapped_column(default=12)
    version_count: Mapped[int] = mapped_column(default=0)
    # Pointers to this routine's versions. They carry no database foreign key: versions point
    # at their routine already, and a cycle of foreign keys cannot be emptied table by table.
    released_version_id: Mapped[int | None]
    draft_version_id: Mapped[int | None]
    read_from_number: Mapped[int] = mapped_column(default=0)
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    return_comment: Mapped[str | None] = mapped_column(Text)
    approved_at: Mapped[datetime | None] = mapped_column(index=True)  # "to read", newest first
    next_review_date: Mapped[date | None] = mapped_column(index=True)
    origin_routine_id: Mapped[int | None] = mapped_column(ForeignKey("routine.id"), index=True)
    origin_version_number: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    municipality: Mapped[Municipality | None] = relationship()
    responsible: Mapped[User] = relationship(foreign_keys=[responsible_id])
    approver: Mapped[User | None] = relationship(foreign_keys=[approver_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    released_version: Mapped["RoutineVersion | None"] = relationship(
        primaryjoin="foreign(Routine.released_version_id) == RoutineVersion.id", post_update=True
    )
    draft_version: Mapped["RoutineVersion | None"] = relationship(
        primaryjoin="foreign(Routine.draft_version_id) == RoutineVersion.id", post_update=True
    )
    origin: Mapped["Routine | None"] = relationship(remote_side=[id])

    @property
    def status_label(self) -> str:
        """The status in Norwegian."""
        return STATUS_LABELS[Status(self.status)]

    @property
    def category_label(self) -> str:
        """The category in Norwegian."""
        return CATEGORIES.get(self.category, self.category)

    @property
    def owner_name(self) -> str:
        """The owner municipality's name, or «Felles» for network-wide routines."""
        return self.municipality.name if self.municipality else SHARED_OWNER

    @property
    def tag_list(self) -> list[str]:
        """The tags as a list."""
        return [tag for tag in (t.strip() for t in self.tags.split(",")) if tag]

    @property
    def has_open_draft(self) -> bool:
        """True while a draft (or a draft sent for approval) is being worked on."""
        return self.draft_version_id is not None


class RoutineVersion(db.Model):
    """One saved text of a routine; approved versions record who approved them and when."""

    __tablename__ = "routine_version"
    __table_args__ = (UniqueConstraint("routine_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    routine_id: Mapped[int] = mapped_column(ForeignKey("routine.id"), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    change_note: Mapped[str] = mapped_column(String(300), default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    significant: Mapped[bool] = mapped_column(default=False)

    routine: Mapped[Routine] = relationship(foreign_keys=[routine_id])
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])


class ReadConfirmation(db.Model):
    """A person's «lest og forstått» for a routine, at the version they read."""

    __tablename__ = "routine_read"
    __table_args__ = (UniqueConstraint("routine_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    routine_id: Mapped[int] = mapped_column(ForeignKey("routine.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    version_number: Mapped[int]
    confirmed_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class RoutineComment(db.Model):
    """Feedback on a routine from a member (Markdown, sanitised when shown)."""

    __tablename__ = "routine_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    routine_id: Mapped[int] = mapped_column(ForeignKey("routine.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship()
    routine: Mapped[Routine] = relationship()
