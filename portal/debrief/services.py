"""Debriefing sessions: planning and series, registration and display names, calendar invitations."""

import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from portal import audit
from portal.core import lookalike
from portal.core.dates import oslo_to_utc, utc_to_oslo
from portal.debrief import recurrence
from portal.debrief.models import (
    KIND_DEFUSING,
    ChatMessage,
    DebriefParticipant,
    DebriefSeries,
    DebriefSession,
    DefusingRequest,
)
from portal.extensions import db
from portal.mail import Attachment, send_mail
from portal.meetings.ical import CalendarEvent, build_calendar
from portal.network.models import Role, User

DEFAULT_TITLE = "Debrifing"
DEFUSING_TITLE = "Defusing-samtale"
DEFUSING_LENGTH = timedelta(hours=1)
DISPLAY_NAME_MAX = 40
MUTE_MINUTES_MAX = 120
HISTORY_LIMIT = 1000


class DebriefError(ValueError):
    """A refused operation; the message is Norwegian and shown to the user."""


# --- Time ------------------------------------------------------------------------------------


def retention() -> timedelta:
    """How long chat content outlives the closing of its session."""
    return timedelta(minutes=current_app.config["CHAT_RETENTION_MINUTES"])


# --- Planning ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionPlan:
    """What a moderator fills in for a session or a series."""

    title: str
    moderator: User
    start_time: time
    end_time: time
    procedure: str = ""
    procedure_link: str = ""
    video_url: str = ""


def _new_session(actor: User, plan: SessionPlan, day: date, series_uid: str | None):
    """Build one session on ``day`` from a plan (times are Oslo wall-clock)."""
    session = DebriefSession(
        title=plan.title.strip() or DEFAULT_TITLE,
        starts_at=oslo_to_utc(datetime.combine(day, plan.start_time)),
        ends_at=oslo_to_utc(datetime.combine(day, plan.end_time)),
        moderator_id=plan.moderator.id,
        procedure=plan.procedure.strip(),
        procedure_link=plan.procedure_link.strip(),
        video_url=plan.video_url.strip(),
        series_uid=series_uid,
        created_by_id=actor.id,
    )
    db.session.add(session)
    return session


def _check_times(plan: SessionPlan) -> None:
    """A session ends after it starts."""
    if plan.end_time <= plan.start_time:
        raise DebriefError(_("Sluttidspunktet må være etter starttidspunktet."))


def create_session(actor: User, plan: SessionPlan, day: date) -> DebriefSession:
    """Plan a single session."""
    _check_times(plan)
    session = _new_session(actor, plan, day, None)
    db.session.flush()
    audit.record(actor, "debrief.create", session)
    return session


def series_dates(first: date, until: date, frequency: str) -> list[date]:
    """Dates of a series (see recurrence.series_dates); refuses a last date before the first."""
    if until < first:
        raise DebriefError(_("Siste dato må være etter første dato."))
    return recurrence.series_dates(first, until, frequency)


def create_series(
    actor: User, plan: SessionPlan, first: date, until: date, frequency: str
) -> list[DebriefSession]:
    """Plan a recurring series; each session can later be joined, opened and closed on its own."""
    _check_times(plan)
    days = series_dates(first, until, frequency)
    if not days:
        raise DebriefError(_("Serien får ingen datoer. Sjekk første og siste dato."))
    if len(days) > 60:
        raise DebriefError(_("En serie kan ha høyst 60 økter. Velg en kortere periode."))
    series_uid = str(uuid.uuid4())
    db.session.add(
        DebriefSeries(
            uid=series_uid,
            title=plan.title.strip() or DEFAULT_TITLE,
            frequency=frequency,
            first_date=days[0],
            until=until,
            start_time=plan.start_time,
            end_time=plan.end_time,
            moderator_id=plan.moderator.id,
        )
    )
    sessions = [_new_session(actor, plan, day, series_uid) for day in days]
    db.session.flush()
    audit.record(actor, "debrief.create_series", sessions[0], detail=f"count={len(sessions)}")
    return sessions


def planning_warnings(plan: SessionPlan, days: list[date], today: date) -> list[str]:
    """Warnings (not refusals) for planned days: dates in the past, overlap with other sessions."""
    warnings = []
    past = [day for day in days if day < today]
    if past:
        warnings.append(
            _(
                "%(count)s dato(er) er passert: %(dates)s.",
                count=len(past),
                dates=", ".join(f"{day:%d.%m.%Y}" for day in past),
            )  # fmt: skip
        )
    clashes = []
    for day in days:
        starts = oslo_to_utc(datetime.combine(day, plan.start_time))
        ends = oslo_to_utc(datetime.combine(day, plan.end_time))
        other = db.session.scalar(
            select(DebriefSession).where(
                DebriefSession.kind != KIND_DEFUSING,
                DebriefSession.starts_at < ends,
                DebriefSession.ends_at > starts,
            )
        )
        if other is not None:
            clashes.append(f"{day:%d.%m.%Y} ({other.title})")
    if clashes:
        warnings.append(
            _("Overlapper med en annen økt eller serie: %(clashes)s.", clashes=", ".join(clashes))
        )
    return warnings


def upcoming_sessions(now: datetime) -> list[DebriefSession]:
    """Scheduled sessions that have not ended or been closed, soonest first."""
    return list(
        db.session.scalars(
            select(DebriefSession)
            .where(
                DebriefSession.kind != KIND_DEFUSING,
                DebriefSession.closed_at.is_(None),
                DebriefSession.ends_at > now - retention(),
            )
            .order_by(DebriefSession.starts_at)
        )
    )


def next_registered_session(user: User, now: datetime) -> DebriefSession | None:
    """The soonest scheduled session the user is registered for (and not removed from)."""
    return db.session.scalar(
        select(DebriefSession)
        .join(DebriefParticipant, DebriefParticipant.session_id == DebriefSession.id)
        .where(
            DebriefParticipant.user_id == user.id,
            DebriefParticipant.removed_at.is_(None),
            DebriefSession.kind != KIND_DEFUSING,
            DebriefSession.closed_at.is_(None),
            DebriefSession.ends_at > now - retention(),
        )
        .order_by(DebriefSession.starts_at)
        .limit(1)
    )


def past_sessions(limit: int = 20) -> list[DebriefSession]:
    """Closed scheduled sessions, newest first (for the moderator's notes)."""
    return list(
        db.session.scalars(
            select(DebriefSession)
            .where(DebriefSession.closed_at.is_not(None), DebriefSession.kind != KIND_DEFUSING)
            .order_by(DebriefSession.starts_at.desc())
            .limit(limit)
        )
    )


# --- Registration ------------------------------------------------------------------------------


def participant_of(session: DebriefSession, user) -> DebriefParticipant | None:
    """The user's registration for the session, if any (removed ones included)."""
    return session.registration_of(user)


def registered_session_ids(user: User) -> set[int]:
    """Ids of the sessions the user is registered for (and not removed from)."""
    return set(
        db.session.scalars(
            select(DebriefParticipant.session_id).where(
                DebriefParticipant.user_id == user.id, DebriefParticipant.removed_at.is_(None)
            )
        )
    )


def default_display_name(session: DebriefSession, number: int) -> str:
    """«Deltaker 3»: the anonymous default name in a room."""
    return f"Deltaker {number}"


def _names_in_room(session: DebriefSession, participant_id: int | None) -> list[str]:
    """Names others are shown by in the room: participants' display names and the staff's
    real names (the moderator appears by name)."""
    participants = db.session.scalars(
        select(DebriefParticipant.display_name).where(
            DebriefParticipant.session_id == session.id,
            DebriefParticipant.id != (participant_id or 0),
        )
    )
    staff = db.session.scalars(
        select(User.name).where(
            (User.id == session.moderator_id) | User.role.in_((Role.MODERATOR, Role.ADMIN))
        )
    )
    return [*participants, *staff]


def check_display_name(session: DebriefSession, name: str, participant_id: int | None) -> str:
    """A trimmed display name that carries no staff title and does not look like anyone else's
    name in the room (compared as seen: case, accents and look-alike letters folded)."""
    name = " ".join(unicodedata.normalize("NFKC", name).split())
    if not name:
        raise DebriefError(
            _("Skriv et visningsnavn, for eksempel fornavnet ditt eller «Deltaker 3».")
        )
    if len(name) > DISPLAY_NAME_MAX:
        raise DebriefError(
            _(
                "Visningsnavnet kan ha høyst %(display_name_max)s tegn.",
                display_name_max=DISPLAY_NAME_MAX,
            )
        )
    if not lookalike.skeleton(name):
        raise DebriefError(_("Visningsnavnet må inneholde bokstaver eller tall."))
    if lookalike.staff_label_in(name):
        raise DebriefError(
            _(
                "Visningsnavnet kan ikke ligne en rolle som «moderator», «koordinator», «admin» "
                "eller «jurist». Portalen viser selv hvem som er moderator."
            )
        )
    if any(lookalike.looks_like(name, other) for other in _names_in_room(session, participant_id)):
        raise DebriefError(
            _(
                "Noen andre bruker allerede dette visningsnavnet i økten, eller et som ligner "
                "for mye. Velg et annet."
            )
        )
    return name


def register(session: DebriefSession, user: User, display_name: str = "") -> DebriefParticipant:
    """Register the user; an empty display name becomes «Deltaker N»."""
    existing = participant_of(session, user)
    if existing is not None:
        if existing.removed_at is not None:
            raise DebriefError(_("Moderator har tatt deg ut av denne økten."))
        return existing
    number = (
        db.session.scalar(
            select(func.max(DebriefParticipant.number)).where(
                DebriefParticipant.session_id == session.id
            )
        )
        or 0
    ) + 1
    name = display_name.strip() or default_display_name(session, number)
    participant = DebriefParticipant(
        session=session,
        user_id=user.id,
        number=number,
        display_name=check_display_name(session, name, None),
    )
    db.session.add(participant)
    db.session.flush()
    audit.record(user, "debrief.register", session)
    return participant


def unregister(session: DebriefSession, user: User) -> None:
    """Withdraw a registration (removed participants stay removed)."""
    participant = participant_of(session, user)
    if participant is None or participant.removed_at is not None:
        return
    db.session.delete(participant)
    audit.record(user, "debrief.unregister", session)


def rename(participant: DebriefParticipant, display_name: str) -> None:
    """Choose another display name for this session."""
    participant.display_name = check_display_name(participant.session, display_name, participant.id)


# --- Calendar ------------------------------------------------------------------------------------


def calendar_event(session: DebriefSession, url: str = "") -> CalendarEvent:
    """The session as an iCalendar event (Oslo wall-clock times)."""
    description = "Debrifing i fagnettverket. Chatten åpner i portalen når økten starter."
    if session.video_url:
        description += f"\nVideomøte: {session.video_url}"
    return CalendarEvent(
        uid=f"debrief-{session.id}@fagnettverk",
        summary=session.title,
        start=utc_to_oslo(session.starts_at),
        end=utc_to_oslo(session.ends_at),
        description=description,
        location=session.video_url or "Portalen (chat)",
        url=url,
        organizer_email=session.moderator.email,
        organizer_name=session.moderator.name,
        sequence=session.sequence,
        cancelled=False,
    )


def session_calendar(session: DebriefSession, url: str = "", method: str = "PUBLISH") -> bytes:
    """An .ics file with the one session."""
    return build_calendar([calendar_event(session, url)], session.title, method=method)


def send_invitation(session: DebriefSession, user: User, url: str) -> None:
    """E-mail the registered member the calendar invitation."""
    when = utc_to_oslo(session.starts_at)
    body = (
        f"Du er påmeldt {session.title} {when:%d.%m.%Y} kl. {when:%H:%M}–"
        f"{utc_to_oslo(session.ends_at):%H:%M}.\n\n"
        f"Moderator: {session.moderator.name}\nSe økten i portalen: {url}\n\n"
        "Kalenderinvitasjonen ligger ved. Samtalen slettes når økten avsluttes."
    )
    send_mail(
        user.email,
        f"Invitasjon: {session.title} {when:%d.%m.%Y}",
        body,
        attachments=[Attachment("debrifing.ics", session_calendar(session, url), "text/calendar")],
    )


def registered_events(user: User) -> list[CalendarEvent]:
    """Calendar feed source: the sessions the user is registered for."""
    sessions = db.session.scalars(
        select(DebriefSession)
        .join(DebriefParticipant)
        .where(
            DebriefParticipant.user_id == user.id,
            DebriefParticipant.removed_at.is_(None),
            DebriefSession.kind != KIND_DEFUSING,
        )
        .order_by(DebriefSession.starts_at)
    )
    return [calendar_event(session) for session in sessions]


def personal_debrief_data(user: User) -> dict:
    """Debrief registrations, defusing requests and chat messages not yet purged (GDPR)."""
    participations = db.session.scalars(
        select(DebriefParticipant).where(DebriefParticipant.user_id == user.id)
    )
    requests = db.session.scalars(
        select(DefusingRequest).where(DefusingRequest.requester_id == user.id)
    )
    messages = db.session.scalars(select(ChatMessage).where(ChatMessage.author_id == user.id))
    return {
        "økter": [
            {"økt": p.session.title, "start": p.session.starts_at.isoformat(),
             "visningsnavn": p.display_name}
            for p in participations
        ],
        "defusing_forespørsler": [{"tid": r.created_at.isoformat()} for r in requests],
        "chatmeldinger_ikke_slettet_ennå": [
            {"økt": m.session_id, "tid": m.created_at.isoformat(), "tekst": m.body}
            for m in messages
        ],
    }  # fmt: skip
