"""Samlinger with days and agenda, registrations, minutes, homework and calendar feed tokens."""

from datetime import date, datetime, time
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.dates import utcnow
from portal.extensions import db
from portal.network.models import Municipality, User


class DayKind(StrEnum):
    """What kind of day a samling day is."""

    PROJECT = "project"
    THEME = "theme"
    DIGITAL = "digital"


DAY_KIND_LABELS = {
    DayKind.PROJECT: _l("Prosjektdag"),
    DayKind.THEME: _l("Temadag"),
    DayKind.DIGITAL: _l("Digitalt møte"),
}


class Attendance(StrEnum):
    """Attendance of one person in the minutes."""

    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"


ATTENDANCE_LABELS = {
    Attendance.PRESENT: _l("Til stede"),
    Attendance.ABSENT: _l("Fraværende"),
    Attendance.EXCUSED: _l("Meldt forfall"),
}


class Responsible(StrEnum):
    """Who is responsible for a homework item."""

    MUNICIPALITY = "municipality"
    PERSON = "person"
    ALL = "all"


class ItemStatus(StrEnum):
    """State of a homework item."""

    OPEN = "open"
    DONE = "done"


ITEM_STATUS_LABELS = {ItemStatus.OPEN: _l("Åpen"), ItemStatus.DONE: _l("Ferdig")}


class Samling(db.Model):
    """A network gathering of one to three days; hidden from members until published."""

    __tablename__ = "samling"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    season: Mapped[int] = mapped_column(index=True)
    tentative_when: Mapped[str] = mapped_column(String(100), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[bool] = mapped_column(default=True)
    registration_deadline: Mapped[date | None]
    organizer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organizer: Mapped[User | None] = relationship()
    days: Mapped[list["SamlingDay"]] = relationship(
        back_populates="samling", order_by="SamlingDay.position", cascade="all, delete-orphan"
    )
    minutes: Mapped["Minutes | None"] = relationship(back_populates="samling")
    items: Mapped[list["ActionItem"]] = relationship(
        back_populates="samling", order_by="ActionItem.id"
    )

    @property
    def dates(self) -> list[date]:
        """The settled dates of its days, in order."""
        return sorted(d.date for d in self.days if d.date is not None)

    @property
    def first_date(self) -> date | None:
        """The first settled date, if any."""
        return self.dates[0] if self.dates else None

    @property
    def season_label(self) -> str:
        """The season as «2023–24»."""
        return season_label(self.season)

    def minutes_published(self) -> bool:
        """True when the minutes exist and are published."""
        return self.minutes is not None and self.minutes.published_at is not None


def season_label(start_year: int) -> str:
    """«2023–24» for the season starting in autumn 2023."""
    return f"{start_year}–{(start_year + 1) % 100:02d}"


def season_of(day: date) -> int:
    """The season (its start year) a date belongs to; seasons start in August."""
    return day.year if day.month >= 8 else day.year - 1


class SamlingDay(db.Model):
    """One day of a samling: when, where, what kind, who is responsible."""

    __tablename__ = "samling_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    samling_id: Mapped[int] = mapped_column(ForeignKey("samling.id"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    date: Mapped[date | None]
    start_time: Mapped[time | None]
    end_time: Mapped[time | None]
    kind: Mapped[str] = mapped_column(String(20), default=DayKind.PROJECT)
    place: Mapped[str] = mapped_column(String(200), default="")
    video_link: Mapped[str] = mapped_column(String(500), default="")
    responsible_municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[int | None]

    samling: Mapped[Samling] = relationship(back_populates="days")
    responsible_municipality: Mapped[Municipality | None] = relationship()
    agenda: Mapped[list["AgendaItem"]] = relationship(
        back_populates="day", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )
    registrations: Mapped[list["Registration"]] = relationship(
        back_populates="day", cascade="all, delete-orphan"
    )

    @property
    def kind_label(self) -> str:
        """The day type in Norwegian."""
        return DAY_KIND_LABELS.get(DayKind(self.kind), self.kind)

    @property
    def location(self) -> str:
        """Place, or the video link for a digital day."""
        return self.place or self.video_link


class AgendaItem(db.Model):
    """A point on a day's programme, in order."""

    __tablename__ = "agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("samling_day.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    start_time: Mapped[time | None]
    title: Mapped[str] = mapped_column(String(200))
    presenter: Mapped[str] = mapped_column(String(120), default="")
    presenter_municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    description: Mapped[str] = mapped_column(Text, default="")
    link_url: Mapped[str] = mapped_column(String(500), default="")
    link_label: Mapped[str] = mapped_column(String(200), default="")

    day: Mapped[SamlingDay] = relationship(back_populates="agenda")
    presenter_municipality: Mapped[Municipality | None] = relationship()


class Registration(db.Model):
    """A person's registration (påmelding) for one day."""

    __tablename__ = "registration"
    __table_args__ = (UniqueConstraint("day_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("samling_day.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    overnight: Mapped[bool] = mapped_column(default=False)
    dietary: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    reminded_on: Mapped[date | None]

    day: Mapped[SamlingDay] = relationship(back_populates="registrations")
    user: Mapped[User] = relationship()


class Minutes(db.Model):
    """The referat of a samling: a draft until published, then locked."""

    __tablename__ = "minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    samling_id: Mapped[int] = mapped_column(ForeignKey("samling.id"), unique=True)
    decisions: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    published_at: Mapped[datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    samling: Mapped[Samling] = relationship(back_populates="minutes")
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])
    attendees: Mapped[list["MinutesAttendee"]] = relationship(
        back_populates="minutes", order_by="MinutesAttendee.id", cascade="all, delete-orphan"
    )
    reports: Mapped[list["MunicipalityReport"]] = relationship(
        back_populates="minutes", cascade="all, delete-orphan"
    )
    externals: Mapped[list["ExternalAttendee"]] = relationship(
        back_populates="minutes", order_by="ExternalAttendee.id", cascade="all, delete-orphan"
    )
    revisions: Mapped[list["MinutesRevision"]] = relationship(
        back_populates="minutes",
        order_by="MinutesRevision.version.desc()",
        cascade="all, delete-orphan",
    )

    @property
    def is_published(self) -> bool:
        """Published minutes are locked."""
        return self.published_at is not None


class MinutesAttendee(db.Model):
    """One line of the attendance list."""

    __tablename__ = "minutes_attendee"
    __table_args__ = (UniqueConstraint("minutes_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    status: Mapped[str] = mapped_column(String(10), default=Attendance.PRESENT)

    minutes: Mapped[Minutes] = relationship(back_populates="attendees")
    user: Mapped[User] = relationship()
    municipality: Mapped[Municipality | None] = relationship()

    @property
    def status_label(self) -> str:
        """Attendance in Norwegian."""
        return ATTENDANCE_LABELS[Attendance(self.status)]


class ExternalAttendee(db.Model):
    """Someone present who is not a portal user (the region's lawyer, NAV, the hospital)."""

    __tablename__ = "minutes_external"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    organisation: Mapped[str] = mapped_column(String(200), default="")

    minutes: Mapped[Minutes] = relationship(back_populates="externals")


class MunicipalityReport(db.Model):
    """What one municipality reported in the status round."""

    __tablename__ = "municipality_report"
    __table_args__ = (UniqueConstraint("minutes_id", "municipality_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    text: Mapped[str] = mapped_column(Text, default="")

    minutes: Mapped[Minutes] = relationship(back_populates="reports")
    municipality: Mapped[Municipality] = relationship()


class MinutesRevision(db.Model):
    """A saved state of the minutes (the edit history), as JSON."""

    __tablename__ = "minutes_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id"), index=True)
    version: Mapped[int]
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    snapshot: Mapped[str] = mapped_column(Text)

    minutes: Mapped[Minutes] = relationship(back_populates="revisions")
    saved_by: Mapped[User | None] = relationship()


class ActionItem(db.Model):
    """Homework or an action item from a samling; may collect a key figure per municipality."""

    __tablename__ = "action_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    samling_id: Mapped[int] = mapped_column(ForeignKey("samling.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    responsible: Mapped[str] = mapped_column(String(20), default=Responsible.ALL)
    responsible_municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    responsible_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    due_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(10), default=ItemStatus.OPEN)
    key_figure: Mapped[str] = mapped_column(String(120), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    samling: Mapped[Samling] = relationship(back_populates="items")
    responsible_municipality: Mapped[Municipality | None] = relationship()
    responsible_user: Mapped[User | None] = relationship(foreign_keys=[responsible_user_id])
    answers: Mapped[list["HomeworkAnswer"]] = relationship(
        back_populates="item", cascade="all, delete-orphan"
    )

    @property
    def for_every_municipality(self) -> bool:
        """True when each municipality answers."""
        return self.responsible == Responsible.ALL

    @property
    def status_label(self) -> str:
        """Status in Norwegian."""
        return ITEM_STATUS_LABELS[ItemStatus(self.status)]

    @property
    def figure_year(self) -> int:
        """The year a key figure from this item counts for: the due year, else the creation year."""
        return (self.due_date or self.created_at).year

    @property
    def responsible_label(self) -> str:
        """Who is responsible, in Norwegian."""
        if self.responsible == Responsible.MUNICIPALITY and self.responsible_municipality:
            return f"{self.responsible_municipality.name} kommune"
        if self.responsible == Responsible.PERSON and self.responsible_user:
            return self.responsible_user.name
        return "Alle kommunene"


class HomeworkAnswer(db.Model):
    """One municipality's answer to an every-municipality item: text and an optional number."""

    __tablename__ = "homework_answer"
    __table_args__ = (UniqueConstraint("item_id", "municipality_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("action_item.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    number: Mapped[int | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[ActionItem] = relationship(back_populates="answers")
    municipality: Mapped[Municipality] = relationship()
    answered_by: Mapped[User | None] = relationship()


class CalendarFeed(db.Model):
    """A personal calendar feed: only the hash of its secret token is stored."""

    __tablename__ = "calendar_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
