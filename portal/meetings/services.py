"""Samlinger: plans, days and agenda; the shared errors of the meetings package."""

import logging
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import lru_cache
from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import func, select

from portal import audit
from portal.core.dates import norwegian_date
from portal.core.loading import read_rows
from portal.extensions import db
from portal.meetings.models import (
    AgendaItem,
    DayKind,
    HomeworkAnswer,
    Registration,
    Samling,
    SamlingDay,
    season_label,
    season_of,
)
from portal.network.models import Municipality, User

log = logging.getLogger(__name__)

MAX_DAYS = 3
UID_DOMAIN = "fagnettverk-portalen"


class MeetingError(ValueError):
    """A refused operation; the message is Norwegian and shown to the user."""


class MinutesConflict(MeetingError):
    """Someone else saved the minutes since this editor loaded them."""


def _clock(value: time) -> str:
    """«09:30»."""
    return value.strftime("%H:%M")


# --- Samlinger and days -------------------------------------------------------------------


@dataclass
class DayData:
    """What a moderator types for one day of a samling."""

    date: "date | None" = None
    start_time: time | None = None
    end_time: time | None = None
    kind: str = DayKind.PROJECT
    place: str = ""
    video_link: str = ""
    responsible_municipality_id: int | None = None
    notes: str = ""
    capacity: int | None = None


def past_dates_warning(dates: list[date], today: date) -> str | None:
    """A Norwegian warning (not a refusal) when some days are dated in the past."""
    past = sorted(day for day in dates if day < today)
    if not past:
        return None
    return _(
        "Merk: %(dates)s er allerede passert. Sjekk at datoen er riktig.",
        dates=", ".join(norwegian_date(day) for day in past),
    )


def day_problems(days: list[DayData]) -> list[str]:
    """Norwegian reasons why these days cannot make one samling (empty when they can)."""
    problems = []
    if not 1 <= len(days) <= MAX_DAYS:
        problems.append(_("En samling har fra én til tre dager."))
    for number, day in enumerate(days, start=1):
        if day.kind not in DayKind.__members__.values():
            problems.append(_("Dag %(number)s: velg type dag fra listen.", number=number))
        if day.start_time and day.end_time and day.end_time <= day.start_time:
            problems.append(
                _(
                    "Dag %(number)s: sluttid (%(value)s) må være etter starttid (%(value2)s).",
                    number=number,
                    value=_clock(day.end_time),
                    value2=_clock(day.start_time),
                )
            )
        if (day.start_time is None) != (day.end_time is None):
            problems.append(
                _(
                    "Dag %(number)s: fyll ut både start- og sluttid, eller la begge stå tomme "
                    "til tidene er avklart.",
                    number=number,
                )
            )
        if day.capacity is not None and day.capacity < 1:
            problems.append(_("Dag %(number)s: antall plasser må være minst 1.", number=number))
    dated = [d.date for d in days if d.date]
    if len(set(dated)) != len(dated):
        problems.append(_("To dager har samme dato."))
    if dated and max(dated) - min(dated) > timedelta(days=MAX_DAYS - 1):
        first = min(dated)
        for number, day in enumerate(days, start=1):
            if day.date and day.date - first > timedelta(days=MAX_DAYS - 1):
                problems.append(
                    _(
                        "Dag %(number)s (%(value)s) ligger utenfor samlingen, som begynner "
                        "%(value2)s: alle dagene må ligge innenfor tre dager på rad.",
                        number=number,
                        value=norwegian_date(day.date),
                        value2=norwegian_date(first),
                    )
                )
    if dated and sorted(dated) != dated:
        problems.append(_("Dagene må stå i rekkefølge etter dato."))
    return problems


def _check_deadline(deadline: date | None, days: list[DayData]) -> None:
    """The registration deadline must come before the first day."""
    dated = [d.date for d in days if d.date]
    if deadline and dated and deadline > min(dated):
        raise MeetingError(
            _(
                "Påmeldingsfristen (%(value)s) må være før eller på første dag (%(value2)s).",
                value=norwegian_date(deadline),
                value2=norwegian_date(min(dated)),
            )
        )


def _season(days: list[DayData], season: int | None) -> int:
    """The season of a samling: from its first date, else the one chosen."""
    dated = [d.date for d in days if d.date]
    if dated:
        return season_of(min(dated))
    if season is None:
        raise MeetingError(_("Velg sesong når ingen av dagene har dato ennå."))
    return season


def _apply_day(day: SamlingDay, data: DayData, position: int) -> None:
    """Copy typed values onto a day."""
    day.position = position
    day.date = data.date
    day.start_time = data.start_time
    day.end_time = data.end_time
    day.kind = data.kind
    day.place = data.place.strip()
    day.video_link = data.video_link.strip()
    day.responsible_municipality_id = data.responsible_municipality_id
    day.notes = data.notes
    day.capacity = data.capacity


def create_samling(
    actor: User,
    *,
    title: str,
    days: list[DayData],
    season: int | None = None,
    tentative_when: str = "",
    description: str = "",
    published: bool = True,
    registration_deadline: date | None = None,
) -> Samling:
    """Create a samling with its days; refuse days that do not make one samling."""
    if problems := day_problems(days):
        raise MeetingError(" ".join(map(str, problems)))
    _check_deadline(registration_deadline, days)
    samling = Samling(
        title=title.strip(),
        season=_season(days, season),
        tentative_when=tentative_when.strip(),
        description=description,
        published=published,
        registration_deadline=registration_deadline,
        organizer_id=actor.id,
    )
    db.session.add(samling)
    for position, data in enumerate(days, start=1):
        day = SamlingDay()
        samling.days.append(day)
        _apply_day(day, data, position)
    db.session.flush()
    audit.record(actor, "samling.created", samling, detail=f"days={len(days)}")
    return samling


def update_samling(
    actor: User,
    samling: Samling,
    *,
    title: str,
    days: list[DayData],
    season: int | None = None,
    tentative_when: str = "",
    description: str = "",
    published: bool = True,
    registration_deadline: date | None = None,
) -> None:
    """Change a samling and its days; a day with registrations cannot be removed."""
    if problems := day_problems(days):
        raise MeetingError(" ".join(map(str, problems)))
    _check_deadline(registration_deadline, days)
    removed = samling.days[len(days) :]
    if any(day.registrations for day in removed):
        raise MeetingError(
            _("En dag som har påmeldte kan ikke fjernes. Be deltakerne melde seg av først.")
        )
    samling.title = title.strip()
    samling.season = _season(days, season)
    samling.tentative_when = tentative_when.strip()
    samling.description = description
    samling.published = published
    samling.registration_deadline = registration_deadline
    samling.sequence += 1
    for day in removed:
        samling.days.remove(day)
    for position, data in enumerate(days, start=1):
        if position <= len(samling.days):
            day = samling.days[position - 1]
        else:
            day = SamlingDay()
            samling.days.append(day)
        _apply_day(day, data, position)
    db.session.flush()
    audit.record(actor, "samling.updated", samling, detail=f"days={len(days)}")


def day_data(day: SamlingDay) -> DayData:
    """The editable values of a day."""
    return DayData(
        date=day.date,
        start_time=day.start_time,
        end_time=day.end_time,
        kind=day.kind,
        place=day.place,
        video_link=day.video_link,
        responsible_municipality_id=day.responsible_municipality_id,
        notes=day.notes,
        capacity=day.capacity,
    )


def add_day(actor: User, samling: Samling, data: DayData) -> SamlingDay:
    """Add one more day to a samling, refusing a day outside it."""
    days = [day_data(d) for d in samling.days] + [data]
    if problems := day_problems(days):
        raise MeetingError(" ".join(map(str, problems)))
    _check_deadline(samling.registration_deadline, days)
    day = SamlingDay()
    samling.days.append(day)
    _apply_day(day, data, len(days))
    samling.sequence += 1
    db.session.flush()
    audit.record(actor, "samling.day_added", samling, detail=f"day={day.id}")
    return day


# What the samling page shows of a samling besides its days (signups.page_days).
SAMLING_PAGE_RELATED = ("minutes",)


class PlanDay(NamedTuple):
    """One day as the year plan shows it."""

    position: int
    date: "date | None"
    start_time: time | None
    end_time: time | None
    kind: str
    place: str
    video_link: str
    responsible: str | None  # the responsible municipality's name


class PlanSamling(NamedTuple):
    """One samling as the year plan shows it: plain values, its days in order."""

    id: int
    title: str
    season: int
    published: bool
    tentative_when: str
    days: tuple[PlanDay, ...]

    @property
    def dates(self) -> list[date]:
        """The settled dates of its days, in order."""
        return sorted(day.date for day in self.days if day.date is not None)


@lru_cache(maxsize=8)
def _year_plan_query(user_may_see_drafts: bool, seasons_shown: int | None, limit: int | None):
    """The year plan's one statement: the samlinger shown, each with its days (built once)."""
    chosen = select(Samling.id)
    if not user_may_see_drafts:
        chosen = chosen.where(Samling.published.is_(True))
    if seasons_shown is not None:
        newest = select(Samling.season).distinct().order_by(Samling.season.desc())
        if not user_may_see_drafts:
            newest = newest.where(Samling.published.is_(True))
        chosen = chosen.where(Samling.season.in_(newest.limit(seasons_shown).scalar_subquery()))
    if limit is not None:
        first_day = (
            select(func.min(SamlingDay.date))
            .where(SamlingDay.samling_id == Samling.id)
            .correlate(Samling)
            .scalar_subquery()
        )
        chosen = chosen.order_by(
            Samling.season.desc(), first_day.is_(None).desc(), first_day.desc(), Samling.id.desc()
        ).limit(limit)
    return (
        select(
            Samling.id,
            Samling.title,
            Samling.season,
            Samling.published,
            Samling.tentative_when,
            SamlingDay.position,
            SamlingDay.date,
            SamlingDay.start_time,
            SamlingDay.end_time,
            SamlingDay.kind,
            SamlingDay.place,
            SamlingDay.video_link,
            Municipality.name,
        )
        .outerjoin(SamlingDay, SamlingDay.samling_id == Samling.id)
        .outerjoin(Municipality, Municipality.id == SamlingDay.responsible_municipality_id)
        .where(Samling.id.in_(chosen.scalar_subquery()))
        .order_by(Samling.id, SamlingDay.position)
    )


def year_plan(
    user_may_see_drafts: bool, seasons_shown: int | None = None, limit: int | None = None
) -> tuple[tuple[str, tuple[PlanSamling, ...]], ...]:
    """Samlinger grouped by season (newest season first), dated ones in date order; only the
    newest ``seasons_shown`` seasons when given, and at most ``limit`` samlinger (the newest);
    plain values (tuples: the page keeps its HTML per exact plan), in one query."""
    heads: dict[int, tuple] = {}
    days: dict[int, list[PlanDay]] = {}
    for sid, title, season, published, tentative, *day in read_rows(
        _year_plan_query(user_may_see_drafts, seasons_shown, limit)
    ):
        if sid not in heads:
            heads[sid], days[sid] = (sid, title, season, published, tentative), []
        if day[0] is not None:  # a samling without days has one row of NULL day columns
            days[sid].append(PlanDay(*day))
    samlinger = [PlanSamling(*head, tuple(days[sid])) for sid, head in heads.items()]
    seasons: dict[int, list[PlanSamling]] = {}
    for samling in samlinger:
        seasons.setdefault(samling.season, []).append(samling)
    return tuple(
        (season_label(season), tuple(sorted(seasons[season], key=_plan_order)))
        for season in sorted(seasons, reverse=True)
    )


def _plan_order(samling: PlanSamling) -> tuple:
    """Dated samlinger first, by their first date; then the undated ones."""
    dates = samling.dates
    return (not dates, dates[0] if dates else date.max, samling.id)


def next_samling(today: date) -> Samling | None:
    """The next published samling with a day today or later."""
    upcoming = db.session.scalars(
        select(Samling)
        .join(SamlingDay)
        .where(Samling.published.is_(True), SamlingDay.date >= today)
        .order_by(SamlingDay.date)
        .limit(1)
    ).first()
    return upcoming


# --- Agenda ---------------------------------------------------------------------------------


def _renumber(day: SamlingDay) -> None:
    """Order a day's programme by time; items without a time keep their order at the end."""
    ordered = sorted(
        day.agenda, key=lambda i: (i.start_time is None, i.start_time or time.min, i.position)
    )
    for position, item in enumerate(ordered, start=1):
        item.position = position
    day.agenda.sort(key=lambda i: i.position)


def _check_agenda_item(day: SamlingDay, title: str, start_time: time | None) -> None:
    """A point has a title and, when the day's times are known, a time inside the day."""
    if not title.strip():
        raise MeetingError(_("Programpunktet må ha en tittel."))
    outside = start_time and day.start_time and day.end_time
    if outside and not day.start_time <= start_time < day.end_time:
        raise MeetingError(
            _(
                "Klokkeslettet %(value)s ligger utenfor dagen (%(value2)s–%(value3)s).",
                value=_clock(start_time),
                value2=_clock(day.start_time),
                value3=_clock(day.end_time),
            )
        )


def update_agenda_item(
    actor: User,
    item: AgendaItem,
    title: str,
    *,
    start_time: time | None = None,
    presenter_municipality: int | None = None,
    description: str = "",
    presenter: str = "",
    link_url: str = "",
    link_label: str = "",
) -> None:
    """Change a point on the programme in place (re-ordered by time); flushes and audits."""
    _check_agenda_item(item.day, title, start_time)
    item.title = title.strip()
    item.start_time = start_time
    item.presenter = presenter.strip()
    item.presenter_municipality_id = presenter_municipality
    item.description = description
    item.link_url = link_url.strip()
    item.link_label = link_label.strip()
    _renumber(item.day)
    db.session.flush()
    audit.record(actor, "agenda.item_changed", item, detail=f"day={item.day_id}")


def add_agenda_item(
    actor: User,
    day: SamlingDay,
    title: str,
    *,
    start_time: time | None = None,
    presenter_municipality: Municipality | int | None = None,
    description: str = "",
    presenter: str = "",
    link_url: str = "",
    link_label: str = "",
) -> AgendaItem:
    """Add a point to a day's programme (ordered by time); flushes and audits."""
    _check_agenda_item(day, title, start_time)
    municipality_id = getattr(presenter_municipality, "id", presenter_municipality)
    item = AgendaItem(
        day=day,
        position=len(day.agenda) + 1,
        start_time=start_time,
        title=title.strip(),
        presenter=presenter.strip(),
        presenter_municipality_id=municipality_id,
        description=description,
        link_url=link_url.strip(),
        link_label=link_label.strip(),
    )
    db.session.add(item)
    _renumber(day)
    db.session.flush()
    audit.record(actor, "agenda.item_added", item, detail=f"day={day.id}")
    return item


def remove_agenda_item(actor: User, item: AgendaItem) -> None:
    """Take a point off the programme."""
    day = item.day
    day.agenda.remove(item)
    db.session.delete(item)
    _renumber(day)
    db.session.flush()
    audit.record(actor, "agenda.item_removed", day, detail=f"item={item.id}")


def personal_meeting_data(user: User) -> dict:
    """The user's registrations and the homework answers they gave (GDPR export)."""
    registrations = db.session.scalars(select(Registration).where(Registration.user_id == user.id))
    answers = db.session.scalars(
        select(HomeworkAnswer).where(HomeworkAnswer.answered_by_id == user.id)
    )
    return {
        "påmeldinger": [
            {"samling": r.day.samling.title, "dag": r.day.date.isoformat() if r.day.date else None,
             "overnatting": r.overnight, "kost": r.dietary, "merknad": r.note}
            for r in registrations
        ],
        "hjemmelekser_besvart": [
            {"oppgave": a.item.title, "svar": a.text, "tall": a.number,
             "tid": a.answered_at.isoformat()}
            for a in answers
        ],
    }  # fmt: skip
