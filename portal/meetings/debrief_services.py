"""Debriefing sessions, registration, the chat room and defusing: plain functions, no sockets."""

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import nh3
from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday
from flask import current_app
from limits import parse
from markupsafe import escape
from sqlalchemy import delete, func, select, update

from portal import audit, personal_data
from portal.extensions import db, limiter
from portal.mail import Attachment, send_mail
from portal.meetings.debrief_models import (
    KIND_DEFUSING,
    ChatConnection,
    ChatMessage,
    DebriefParticipant,
    DebriefSession,
    DefusingRequest,
    DutyVolunteer,
)
from portal.meetings.ical import CalendarEvent, build_calendar
from portal.network.models import User

OSLO = ZoneInfo("Europe/Oslo")
UTC = ZoneInfo("UTC")
DEFAULT_TITLE = "Debrifing"
DEFUSING_TITLE = "Defusing-samtale"
DEFUSING_LENGTH = timedelta(hours=1)
DISPLAY_NAME_MAX = 40
MUTE_MINUTES_MAX = 120
HISTORY_LIMIT = 1000
FREQUENCIES = {"monthly": (MONTHLY, 1), "biweekly": (WEEKLY, 2), "weekly": (WEEKLY, 1)}
URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")


class DebriefError(ValueError):
    """A refused operation; the message is Norwegian and shown to the user."""


# --- Time ------------------------------------------------------------------------------------


def oslo_to_utc(moment: datetime) -> datetime:
    """Naive Oslo wall-clock time to the naive UTC the database stores."""
    return moment.replace(tzinfo=OSLO).astimezone(UTC).replace(tzinfo=None)


def utc_to_oslo(moment: datetime) -> datetime:
    """Naive UTC from the database to naive Oslo wall-clock time."""
    return moment.replace(tzinfo=UTC).astimezone(OSLO).replace(tzinfo=None)


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
        raise DebriefError("Sluttidspunktet må være etter starttidspunktet.")


def create_session(actor: User, plan: SessionPlan, day: date) -> DebriefSession:
    """Plan a single session."""
    _check_times(plan)
    session = _new_session(actor, plan, day, None)
    db.session.flush()
    audit.record(actor, "debrief.create", session)
    return session


def series_dates(first: date, until: date, frequency: str) -> list[date]:
    """Dates of a series: monthly on the same weekday of the month (e.g. 2nd Thursday), or weekly."""
    if until < first:
        raise DebriefError("Siste dato må være etter første dato.")
    freq, interval = FREQUENCIES[frequency]
    start = datetime.combine(first, time())
    end = datetime.combine(until, time())
    if freq == MONTHLY:
        nth = (first.day - 1) // 7 + 1
        rule_day = weekday(first.weekday(), -1 if nth == 5 else nth)
        rule = rrule(MONTHLY, interval=interval, byweekday=rule_day, dtstart=start, until=end)
    else:
        rule = rrule(WEEKLY, interval=interval, dtstart=start, until=end)
    return [moment.date() for moment in rule]


def create_series(
    actor: User, plan: SessionPlan, first: date, until: date, frequency: str
) -> list[DebriefSession]:
    """Plan a recurring series; each session can later be joined, opened and closed on its own."""
    _check_times(plan)
    days = series_dates(first, until, frequency)
    if not days:
        raise DebriefError("Serien får ingen datoer. Sjekk første og siste dato.")
    if len(days) > 60:
        raise DebriefError("En serie kan ha høyst 60 økter. Velg en kortere periode.")
    series_uid = str(uuid.uuid4())
    sessions = [_new_session(actor, plan, day, series_uid) for day in days]
    db.session.flush()
    audit.record(actor, "debrief.create_series", sessions[0], detail=f"count={len(sessions)}")
    return sessions


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
    return db.session.scalar(
        select(DebriefParticipant).where(
            DebriefParticipant.session_id == session.id, DebriefParticipant.user_id == user.id
        )
    )


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


def check_display_name(session: DebriefSession, name: str, participant_id: int | None) -> str:
    """A trimmed display name that is free in this session and does not pose as moderator."""
    name = " ".join(name.split())
    if not name:
        raise DebriefError("Skriv et visningsnavn, for eksempel fornavnet ditt eller «Deltaker 3».")
    if len(name) > DISPLAY_NAME_MAX:
        raise DebriefError(f"Visningsnavnet kan ha høyst {DISPLAY_NAME_MAX} tegn.")
    if "moderator" in name.lower():
        raise DebriefError("Visningsnavnet kan ikke inneholde «moderator».")
    taken = db.session.scalar(
        select(DebriefParticipant.id).where(
            DebriefParticipant.session_id == session.id,
            func.lower(DebriefParticipant.display_name) == name.lower(),
            DebriefParticipant.id != (participant_id or 0),
        )
    )
    if taken is not None:
        raise DebriefError(
            "Noen andre bruker allerede dette visningsnavnet i økten. Velg et annet."
        )
    return name


def register(session: DebriefSession, user: User, display_name: str = "") -> DebriefParticipant:
    """Register the user; an empty display name becomes «Deltaker N»."""
    existing = participant_of(session, user)
    if existing is not None:
        if existing.removed_at is not None:
            raise DebriefError("Moderator har tatt deg ut av denne økten.")
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


# --- The room ----------------------------------------------------------------------------------


def is_moderator(session: DebriefSession, user) -> bool:
    """True for a user who moderates this session's room."""
    from portal.access import can

    return can(user, "debrief.moderate", session)


def author_ref(session: DebriefSession, user) -> tuple[str, str]:
    """How a user appears in the room: (stable reference, display label)."""
    if is_moderator(session, user):
        return _appearance(user, None)
    participant = participant_of(session, user)
    if participant is None:
        raise DebriefError("Du er ikke påmeldt denne økten.")
    return _appearance(user, participant)


def _appearance(user, participant: DebriefParticipant | None) -> tuple[str, str]:
    """(reference, label) of a moderator (no participant) or of a participant."""
    if participant is None:
        return f"m{user.id}", f"{user.name} (moderator)"
    return f"p{participant.id}", participant.display_name


def message_html(body: str) -> str:
    """Plain text to HTML: everything escaped, http(s) links clickable, line breaks kept."""
    escaped = str(escape(body))
    linked = URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
    return nh3.clean(
        linked.replace("\n", "<br>"),
        tags={"a", "br"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
    )


def message_payload(message: ChatMessage, with_names: bool = False) -> dict:
    """What a client receives for a message; real names only for moderators."""
    payload = {
        "id": message.id,
        "session": message.session_id,
        "ref": message.author_ref,
        "author": message.author_label,
        "at": utc_to_oslo(message.created_at).strftime("%H:%M"),
        "html": "" if message.deleted_at else message_html(message.body),
        "deleted": message.deleted_at is not None,
    }
    if with_names:
        payload["name"] = message.author.name
    return payload


def allow_message(user_id: int) -> bool:
    """Count one message against the user's flood limit (shared across processes via Redis)."""
    item = parse(current_app.config["CHAT_RATE_LIMIT"])
    return limiter.limiter.hit(item, "debrief-chat", str(user_id))


def post_message(session: DebriefSession, user: User, body, now: datetime) -> ChatMessage:
    """Check and store a message (the caller commits, then broadcasts)."""
    if not isinstance(body, str) or not body.strip():
        raise DebriefError("Meldingen er tom. Skriv noe før du sender.")
    body = body.strip()
    limit = current_app.config["CHAT_MESSAGE_MAX"]
    if len(body) > limit:
        raise DebriefError(f"Meldingen er for lang ({len(body)} tegn). Høyst {limit} tegn.")
    if session.room_state(now) != "open":
        raise DebriefError("Rommet er ikke åpent.")
    moderator = is_moderator(session, user)
    participant = None if moderator else participant_of(session, user)
    if not moderator:
        if participant is None or participant.removed_at is not None:
            raise DebriefError("Du er ikke deltaker i denne økten.")
        if session.paused:
            raise DebriefError("Moderator har satt rommet på pause. Du kan lese, men ikke skrive.")
        if participant.is_muted(now):
            until = utc_to_oslo(participant.muted_until)
            raise DebriefError(f"Moderator har dempet deg til kl. {until:%H:%M}.")
    if not allow_message(user.id):
        raise DebriefError("Du sender for mange meldinger. Vent litt og prøv igjen.")
    ref, label = _appearance(user, participant)
    message = ChatMessage(
        session_id=session.id,
        author_id=user.id,
        author_ref=ref,
        author_label=label,
        body=body,
        created_at=now,
    )
    db.session.add(message)
    db.session.flush()
    return message


def history(session: DebriefSession, after_id: int = 0) -> list[ChatMessage]:
    """Messages after ``after_id`` (all when 0): the catch-up after a reconnect."""
    return list(
        db.session.scalars(
            select(ChatMessage)
            .where(ChatMessage.session_id == session.id, ChatMessage.id > after_id)
            .order_by(ChatMessage.id)
            .limit(HISTORY_LIMIT)
        )
    )


def deleted_ids(session: DebriefSession) -> list[int]:
    """Ids of deleted messages, so a client that was away removes them too."""
    return list(
        db.session.scalars(
            select(ChatMessage.id).where(
                ChatMessage.session_id == session.id, ChatMessage.deleted_at.is_not(None)
            )
        )
    )


def delete_message(actor: User, message: ChatMessage, now: datetime) -> None:
    """Moderator deletes a message: its text is gone, a placeholder stays."""
    message.deleted_at = now
    message.body = ""
    audit.record(actor, "debrief.delete_message", message.author, detail=f"message={message.id}")


def mute(actor: User, participant: DebriefParticipant, minutes, now: datetime) -> datetime:
    """Moderator mutes a participant for N minutes; return until when."""
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise DebriefError("Velg hvor mange minutter.")
    if not 1 <= minutes <= MUTE_MINUTES_MAX:
        raise DebriefError(f"Demp i 1 til {MUTE_MINUTES_MAX} minutter.")
    participant.muted_until = now + timedelta(minutes=minutes)
    audit.record(actor, "debrief.mute", participant.user, detail=f"minutes={minutes}")
    return participant.muted_until


def set_paused(actor: User, session: DebriefSession, paused: bool) -> None:
    """Moderator makes the room read-only for participants, or lets them write again."""
    session.paused = bool(paused)
    audit.record(actor, "debrief.pause" if paused else "debrief.resume", session)


def remove_participant(actor: User, participant: DebriefParticipant, now: datetime) -> None:
    """Moderator takes a participant out of the session (the caller disconnects their sockets)."""
    participant.removed_at = now
    audit.record(
        actor, "debrief.remove", participant.user, detail=f"session={participant.session_id}"
    )


def open_room(actor: User, session: DebriefSession, now: datetime) -> None:
    """Moderator opens the room before the scheduled start."""
    if session.closed_at is not None:
        raise DebriefError("Økten er avsluttet og kan ikke åpnes igjen.")
    if session.opened_at is None:
        session.opened_at = now
        audit.record(actor, "debrief.open", session)


def close_room(actor: User | None, session: DebriefSession, now: datetime) -> int:
    """Close the session: nobody can write; its chat is purged after the grace period."""
    if session.closed_at is None:
        session.closed_at = now
        session.paused = False
        db.session.execute(
            update(ChatConnection)
            .where(ChatConnection.session_id == session.id)
            .values(session_id=None)
        )
        audit.record(actor, "debrief.close", session)
    return purge_expired(now)


def save_summary(actor: User, session: DebriefSession, summary: str) -> None:
    """The moderator's short notes without names: kept after the chat is purged."""
    session.summary = summary.strip()
    audit.record(actor, "debrief.summary", session)


def purge_expired(now: datetime) -> int:
    """Close overdue rooms and delete chat content past its grace period; return messages deleted."""
    grace = retention()
    overdue = db.session.scalars(
        select(DebriefSession).where(
            DebriefSession.closed_at.is_(None), DebriefSession.ends_at <= now - grace
        )
    ).all()
    for session in overdue:
        session.closed_at = session.ends_at
        session.paused = False
        audit.record(None, "debrief.close", session, detail="automatic")
    due = db.session.scalars(
        select(DebriefSession).where(
            DebriefSession.closed_at.is_not(None),
            DebriefSession.closed_at <= now - grace,
            DebriefSession.purged_at.is_(None),
        )
    ).all()
    if not due:
        return 0
    ids = [session.id for session in due]
    deleted = db.session.execute(delete(ChatMessage).where(ChatMessage.session_id.in_(ids)))
    db.session.execute(
        update(ChatConnection).where(ChatConnection.session_id.in_(ids)).values(session_id=None)
    )
    for session in due:
        session.purged_at = now
    return deleted.rowcount or 0


# --- Connections and presence ------------------------------------------------------------------


def connection_opened(sid: str, user: User) -> None:
    """Record a live socket of the user."""
    db.session.merge(ChatConnection(sid=sid, user_id=user.id, session_id=None))


def connection_joined(sid: str, session: DebriefSession) -> int | None:
    """Mark which room a socket is in; return the room it was in before, if another."""
    connection = db.session.get(ChatConnection, sid)
    if connection is None:
        raise DebriefError("Tilkoblingen er ukjent. Last siden på nytt.")
    previous = connection.session_id
    connection.session_id = session.id
    return previous if previous != session.id else None


def connection_left(sid: str) -> int | None:
    """The socket left its room; return that room's session id."""
    connection = db.session.get(ChatConnection, sid)
    if connection is None:
        return None
    previous = connection.session_id
    connection.session_id = None
    return previous


def connection_closed(sid: str) -> tuple[int, int | None] | None:
    """Forget a socket; return its (user id, room session id), or None if already forgotten."""
    connection = db.session.get(ChatConnection, sid)
    if connection is None:
        return None
    known = (connection.user_id, connection.session_id)
    db.session.execute(delete(ChatConnection).where(ChatConnection.sid == sid))
    return known


def sids_of_user(user_id: int, session_id: int | None = None) -> list[str]:
    """The live sockets of a user (in one room, or all)."""
    query = select(ChatConnection.sid).where(ChatConnection.user_id == user_id)
    if session_id is not None:
        query = query.where(ChatConnection.session_id == session_id)
    return list(db.session.scalars(query))


def presence(session: DebriefSession, with_names: bool = False) -> list[dict]:
    """Who is in the room now, across every server process (three queries, any room size)."""
    user_ids = select(ChatConnection.user_id).where(ChatConnection.session_id == session.id)
    people_here = db.session.scalars(select(User).where(User.id.in_(user_ids))).all()
    names = {
        participant.user_id: participant
        for participant in db.session.scalars(
            select(DebriefParticipant).where(DebriefParticipant.session_id == session.id)
        )
    }
    people = []
    for user in people_here:
        if is_moderator(session, user):
            entry = {"ref": f"m{user.id}", "label": f"{user.name} (moderator)", "moderator": True}
        elif user.id in names:
            participant = names[user.id]
            entry = {
                "ref": f"p{participant.id}",
                "label": participant.display_name,
                "moderator": False,
            }
        else:
            continue
        if with_names:
            entry["name"] = user.name
        people.append(entry)
    return sorted(people, key=lambda p: (not p["moderator"], p["label"].lower()))


def participant_by_ref(session: DebriefSession, ref) -> DebriefParticipant | None:
    """The participant behind a room reference such as «p12»."""
    if not isinstance(ref, str) or not re.fullmatch(r"p\d{1,12}", ref):
        return None
    participant = db.session.get(DebriefParticipant, int(ref[1:]))
    if participant is None or participant.session_id != session.id:
        return None
    return participant


# --- Defusing ----------------------------------------------------------------------------------


def is_on_duty(user) -> bool:
    """True while the user has volunteered to take defusing requests."""
    return db.session.get(DutyVolunteer, user.id) is not None


def set_on_duty(user: User, on_duty: bool) -> None:
    """Start or end a duty period."""
    current = db.session.get(DutyVolunteer, user.id)
    if on_duty and current is None:
        db.session.add(DutyVolunteer(user_id=user.id))
        audit.record(user, "defusing.duty_on", user)
    elif not on_duty and current is not None:
        db.session.delete(current)
        audit.record(user, "defusing.duty_off", user)


def on_duty_users() -> list[User]:
    """Everyone on duty right now."""
    return list(
        db.session.scalars(
            select(User).join(DutyVolunteer, DutyVolunteer.user_id == User.id).order_by(User.name)
        )
    )


def waiting_requests() -> list[DefusingRequest]:
    """Requests nobody has taken yet, oldest first."""
    return list(
        db.session.scalars(
            select(DefusingRequest)
            .where(DefusingRequest.withdrawn_at.is_(None), DefusingRequest.taken_at.is_(None))
            .order_by(DefusingRequest.created_at)
        )
    )


def open_request_of(user: User) -> DefusingRequest | None:
    """The user's latest request that is waiting, or taken with its room not closed."""
    request = db.session.scalar(
        select(DefusingRequest)
        .where(DefusingRequest.requester_id == user.id, DefusingRequest.withdrawn_at.is_(None))
        .order_by(DefusingRequest.id.desc())
    )
    if request is None:
        return None
    if request.session is not None and request.session.closed_at is not None:
        return None
    return request


def request_defusing(user: User, now: datetime) -> DefusingRequest:
    """Ask for a defusing talk; an open request is reused rather than duplicated."""
    existing = open_request_of(user)
    if existing is not None:
        return existing
    request = DefusingRequest(requester_id=user.id, created_at=now)
    db.session.add(request)
    db.session.flush()
    audit.record(user, "defusing.request", request)
    return request


def withdraw_request(user: User, request: DefusingRequest, now: datetime) -> None:
    """The requester no longer needs the talk."""
    request.withdrawn_at = now
    audit.record(user, "defusing.withdraw", request)


def take_request(helper: User, request: DefusingRequest, now: datetime) -> DebriefSession:
    """Someone on duty takes the request: a private room for the two of them opens now."""
    claimed = db.session.execute(
        update(DefusingRequest)
        .where(
            DefusingRequest.id == request.id,
            DefusingRequest.taken_at.is_(None),
            DefusingRequest.withdrawn_at.is_(None),
        )
        .values(taken_by_id=helper.id, taken_at=now)
    )
    if claimed.rowcount != 1:
        raise DebriefError(
            "Noen andre har allerede tatt denne forespørselen, eller den er trukket."
        )
    db.session.refresh(request)
    room = DebriefSession(
        kind=KIND_DEFUSING,
        title=DEFUSING_TITLE,
        starts_at=now,
        ends_at=now + DEFUSING_LENGTH,
        moderator_id=helper.id,
        opened_at=now,
        created_by_id=helper.id,
    )
    db.session.add(room)
    db.session.flush()
    requester = request.requester
    db.session.add(
        DebriefParticipant(
            session=room,
            user_id=requester.id,
            number=1,
            display_name=requester.name.split()[0][:DISPLAY_NAME_MAX],
        )
    )
    request.session_id = room.id
    db.session.flush()
    audit.record(helper, "defusing.take", request, detail=f"session={room.id}")
    return room


@personal_data.source("debrifing")
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
