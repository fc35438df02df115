"""The chat room of a session: messages, moderation, opening and closing, connections and presence."""

import functools
import re
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from limits import RateLimitItem, parse
from sqlalchemy import delete, select, update

from portal import audit, text
from portal.cases.identifiers import scan
from portal.core.dates import utc_to_oslo
from portal.debrief.grants import Author
from portal.debrief.models import (
    ChatConnection,
    ChatMessage,
    DebriefParticipant,
    DebriefSession,
)
from portal.debrief.services import (
    HISTORY_LIMIT,
    MUTE_MINUTES_MAX,
    DebriefError,
    participant_of,
    retention,
)
from portal.extensions import db, limiter
from portal.network.models import User


def is_moderator(session: DebriefSession, user) -> bool:
    """True for a user who moderates this session's room."""
    from portal.access import can

    return can(user, "debrief.moderate", session)


def author_of(session: DebriefSession, user) -> Author:
    """How a user writes in the room: its moderator, or a registered participant."""
    if is_moderator(session, user):
        return _moderator_author(user)
    participant = participant_of(session, user)
    if participant is None:
        raise DebriefError(_("Du er ikke påmeldt denne økten."))
    return _participant_author(user, participant)


def _moderator_author(user) -> Author:
    """A moderator writes under their own name."""
    return Author(user.id, None, f"m{user.id}", f"{user.name} (moderator)", user.name)


def _participant_author(user, participant: DebriefParticipant) -> Author:
    """A participant writes under the display name chosen for the session."""
    return Author(
        user.id, participant.id, f"p{participant.id}", participant.display_name, user.name
    )


def message_payload(message: ChatMessage, with_names: bool = False) -> dict:
    """What a client receives for a stored message; real names only for moderators."""
    payload = _payload(message, "" if message.deleted_at else text.linkify(message.body))
    if with_names:
        payload.update(_names(message, message.author.name))
    return payload


def new_message_payloads(message: ChatMessage, author: Author) -> tuple[dict, dict]:
    """A new message for participants and for moderators, its text turned into HTML once."""
    anonymous = _payload(message, text.linkify(message.body))
    return anonymous, {**anonymous, **_names(message, author.name)}


def _payload(message: ChatMessage, html: str) -> dict:
    """The fields every reader gets."""
    return {
        "id": message.id,
        "session": message.session_id,
        "ref": message.author_ref,
        "author": message.author_label,
        "at": utc_to_oslo(message.created_at).strftime("%H:%M"),
        "html": html,
        "deleted": message.deleted_at is not None,
    }


def _names(message: ChatMessage, name: str) -> dict:
    """The fields only moderators get."""
    return {"name": name, "warning_overridden": message.identifier_warning_overridden}


class IdentifierWarning(DebriefError):
    """The message seems to contain a personal identifier: the writer must confirm or edit."""

    def __init__(self, kinds: list[str]) -> None:
        super().__init__(
            _(
                "Meldingen ser ut til å inneholde opplysninger som kan identifisere noen "
                "(%(kinds)s). Fjern dem, eller send likevel. Moderator ser at du sendte likevel.",
                kinds=", ".join(kinds).lower(),
            )
        )
        self.kinds = kinds


def identifier_kinds(body: str) -> list[str]:
    """The kinds of identifier in a message, in Norwegian, each once (the cases scan)."""
    return list(dict.fromkeys(finding.label for finding in scan(body)))


def allow_message(user_id: int) -> bool:
    """Count one message against the user's flood limit (shared across processes via Redis)."""
    item = _rate_limit(current_app.config["CHAT_RATE_LIMIT"])
    return limiter.limiter.hit(item, "debrief-chat", str(user_id))


@functools.lru_cache(maxsize=8)
def _rate_limit(text: str) -> RateLimitItem:
    """The parsed flood limit, parsed once per setting rather than for every message."""
    return parse(text)


def post_message(
    session: DebriefSession, user: User, body, now: datetime, *, override: bool = False
) -> ChatMessage:
    """Check and store a message by ``user`` (the caller commits, then broadcasts)."""
    if is_moderator(session, user):
        return _post(session, _moderator_author(user), None, body, now, override)
    participant = participant_of(session, user)
    author = None if participant is None else _participant_author(user, participant)
    return _post(session, author, participant, body, now, override)


def post_as(author: Author, session_id: int, body, now: datetime, *, override=False) -> ChatMessage:
    """Check and store a message by an author admitted at join: the room and the author's
    registration (pause, mute, removal) are read in one query."""
    row = db.session.execute(
        select(DebriefSession, DebriefParticipant)
        .outerjoin(
            DebriefParticipant,
            (DebriefParticipant.id == author.participant_id)
            & (DebriefParticipant.session_id == DebriefSession.id),
        )
        .where(DebriefSession.id == session_id)
    ).one_or_none()
    if row is None:
        raise DebriefError(_("Rommet er ikke åpent."))
    return _post(row[0], author, row[1], body, now, override)


def _post(
    session: DebriefSession,
    author: Author | None,
    participant: DebriefParticipant | None,
    body,
    now: datetime,
    override: bool,
) -> ChatMessage:
    """Check and store a message (the caller commits, then broadcasts).

    Raises IdentifierWarning when the text seems to identify someone, unless the writer has
    seen that warning and chose to send anyway (``override``), which the message records.
    """
    if not isinstance(body, str) or not body.strip():
        raise DebriefError(_("Meldingen er tom. Skriv noe før du sender."))
    body = body.strip()
    limit = current_app.config["CHAT_MESSAGE_MAX"]
    if len(body) > limit:
        raise DebriefError(
            _(
                "Meldingen er for lang (%(count)s tegn). Høyst %(limit)s tegn.",
                count=len(body),
                limit=limit,
            )
        )
    if session.room_state(now) != "open":
        raise DebriefError(_("Rommet er ikke åpent."))
    if author is None or not author.moderator:
        if author is None or participant is None or participant.removed_at is not None:
            raise DebriefError(_("Du er ikke deltaker i denne økten."))
        if session.paused:
            raise DebriefError(
                _("Moderator har satt rommet på pause. Du kan lese, men ikke skrive.")
            )
        if participant.is_muted(now):
            until = utc_to_oslo(participant.muted_until)
            raise DebriefError(f"Moderator har dempet deg til kl. {until:%H:%M}.")
    kinds = identifier_kinds(body)
    if kinds and not override:
        raise IdentifierWarning(kinds)
    if not allow_message(author.user_id):
        raise DebriefError(_("Du sender for mange meldinger. Vent litt og prøv igjen."))
    message = ChatMessage(
        session_id=session.id,
        author_id=author.user_id,
        author_ref=author.ref,
        author_label=author.label,
        body=body,
        created_at=now,
        identifier_warning_overridden=bool(kinds),
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
        raise DebriefError(_("Velg hvor mange minutter."))
    if not 1 <= minutes <= MUTE_MINUTES_MAX:
        raise DebriefError(
            _("Demp i 1 til %(mute_minutes_max)s minutter.", mute_minutes_max=MUTE_MINUTES_MAX)
        )
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
        raise DebriefError(_("Økten er avsluttet og kan ikke åpnes igjen."))
    if session.opened_at is None:
        session.opened_at = now
        audit.record(actor, "debrief.open", session)


def close_room(actor: User | None, session: DebriefSession, now: datetime) -> int:
    """Close the session: nobody can write, and its chat is deleted now; return how many."""
    if session.closed_at is None:
        session.closed_at = now
        session.paused = False
        audit.record(actor, "debrief.close", session)
    return purge_closed([session], now)


def save_summary(actor: User, session: DebriefSession, summary: str) -> None:
    """The moderator's short notes without names: kept after the chat is deleted."""
    session.summary = summary.strip()
    audit.record(actor, "debrief.summary", session)


def purge_closed(sessions: list[DebriefSession], now: datetime) -> int:
    """Delete the chat of closed sessions and empty their rooms; return messages deleted."""
    ids = [session.id for session in sessions if session.purged_at is None]
    if not ids:
        return 0
    deleted = db.session.execute(delete(ChatMessage).where(ChatMessage.session_id.in_(ids)))
    db.session.execute(
        update(ChatConnection).where(ChatConnection.session_id.in_(ids)).values(session_id=None)
    )
    for session in sessions:
        session.purged_at = session.purged_at or now
    return deleted.rowcount or 0


def purge_expired(now: datetime) -> int:
    """Close rooms left open past their planned end plus the grace period, delete the chat of
    every closed session not yet deleted; return messages deleted."""
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
            DebriefSession.closed_at.is_not(None), DebriefSession.purged_at.is_(None)
        )
    ).all()
    return purge_closed(list(due), now)


# --- Connections and presence ------------------------------------------------------------------


def connection_opened(sid: str, user: User) -> None:
    """Record a live socket of the user."""
    db.session.merge(ChatConnection(sid=sid, user_id=user.id, session_id=None))


def connection_joined(sid: str, session: DebriefSession) -> int | None:
    """Mark which room a socket is in; return the room it was in before, if another."""
    connection = db.session.get(ChatConnection, sid)
    if connection is None:
        raise DebriefError(_("Tilkoblingen er ukjent. Last siden på nytt."))
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
