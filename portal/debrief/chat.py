"""Socket.IO handlers of the debrief chat: authenticate on connect, check access on every event,
persist before broadcasting, never log message text.

Joining a room checks the login and the registration in the database and leaves the socket a
grant (``grants.py``); sending and typing check that grant instead of querying again, and every
way of losing access drops it (see there)."""

import logging
import threading
from functools import wraps

from flask import current_app, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_socketio import emit, join_room, leave_room, rooms
from sqlalchemy import event

from portal.access import can
from portal.core.dates import utc_to_oslo, utcnow
from portal.debrief import chatroom, services
from portal.debrief.grants import Grant, Grants
from portal.debrief.models import ChatMessage, DebriefSession
from portal.extensions import db, socketio
from portal.network import accounts
from portal.network import services as network_services
from portal.network.models import User

NAMESPACE = "/debrief"
REFUSED = _l("Du har ikke tilgang til dette rommet.")
INVALID = _l("Ugyldig forespørsel.")
FAILED = _l("Noe gikk galt. Prøv igjen.")
MAX_ID = 2**31 - 1
PRESENCE_DELAY = 0.3

_presence_lock = threading.Lock()
_presence_pending: set[int] = set()
_sweep_started = threading.Event()
_grants = Grants()

log = logging.getLogger(__name__)


def participants_room(session_id: int) -> str:
    """Socket room of a session's participants (display names only)."""
    return f"debrief-{session_id}"


def moderators_room(session_id: int) -> str:
    """Socket room of a session's moderators (who also see real names)."""
    return f"debrief-{session_id}-mod"


def user_room(user_id: int) -> str:
    """Socket room holding every socket of one user."""
    return f"user-{user_id}"


def _both(session_id: int) -> list[str]:
    """Both rooms of a session."""
    return [participants_room(session_id), moderators_room(session_id)]


def _int(value, minimum: int = 1) -> int | None:
    """A client-supplied id, or None when it is not a plain integer in range."""
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= MAX_ID:
        return None
    return value


def _refuse(message: str) -> dict:
    """The acknowledgement of a refused event."""
    return {"ok": False, "error": str(message)}


def _joined(session_id: int) -> bool:
    """True when this socket has joined the session's room."""
    return any(room in rooms() for room in _both(session_id))


def guarded(action: str, joined: bool = True):
    """Validate the payload, load the session, check ``action`` and membership; refuse cleanly."""

    def decorate(handler):
        @wraps(handler)
        def run(data=None):
            if not accounts.fully_logged_in(current_user):
                _disconnect(current_app._get_current_object(), [request.sid])
                return _refuse(REFUSED)
            if not isinstance(data, dict) or (session_id := _int(data.get("session"))) is None:
                return _refuse(INVALID)

            def checked():
                session = db.session.get(DebriefSession, session_id)
                if session is None or not can(current_user, action, session):
                    return _refuse(REFUSED)
                if joined and not _joined(session_id):
                    return _refuse(REFUSED)
                return handler(session, data)

            return _answered(handler.__name__, checked)

        return run

    return decorate


def granted(handler):
    """Validate the payload and check the socket's grant for the room, verifying the login and
    the right to join in the database again when the grant is due; refuse cleanly."""

    @wraps(handler)
    def run(data=None):
        if not isinstance(data, dict) or (session_id := _int(data.get("session"))) is None:
            return _refuse(INVALID)
        grant = _grants.get(request.sid, session_id)

        def checked():
            now = utcnow()
            current = _verify(session_id, now) if grant is not None and grant.due(now) else grant
            if current is None:
                return _refuse(REFUSED)
            if not current.has_two_factor and accounts.two_factor_required_for(
                current.role, current.network_requires_two_factor
            ):
                _disconnect(current_app._get_current_object(), [request.sid])
                return _refuse(REFUSED)
            return handler(current, data)

        return _answered(handler.__name__, checked)

    return run


def _answered(name: str, work) -> dict:
    """Run an event's work; a refusal or a failure rolls back and answers cleanly."""
    try:
        return work()
    except services.DebriefError as refused:
        db.session.rollback()
        return _refuse(str(refused))
    except Exception as error:  # noqa: BLE001 - one bad event must not break the room
        db.session.rollback()
        log.error("chat event %s failed: %s", name, type(error).__name__)
        return _refuse(FAILED)


def _grant(session: DebriefSession, user: User, now) -> Grant:
    """The grant of a socket admitted to the room as ``user`` (whose access was just checked)."""
    return Grant(
        session_id=session.id,
        author=chatroom.author_of(session, user),
        role=user.role,
        has_two_factor=user.has_two_factor,
        network_requires_two_factor=user.network.require_two_factor,
        verified_at=now,
    )


def _verify(session_id: int, now) -> Grant | None:
    """Check the login and the right to join in the database again; renew or drop the grant."""
    if not accounts.fully_logged_in(current_user):
        _disconnect(current_app._get_current_object(), [request.sid])
        return None
    session = db.session.get(DebriefSession, session_id)
    if session is None or not can(current_user, "debrief.join", session):
        _grants.drop([request.sid])
        return None
    grant = _grant(session, current_user, now)
    _grants.put(request.sid, grant)
    return grant


def broadcast_presence(session: DebriefSession) -> None:
    """Tell both rooms who is present (moderators also get real names)."""
    socketio.emit(
        "presence",
        {"session": session.id, "people": chatroom.presence(session)},
        to=participants_room(session.id),
        namespace=NAMESPACE,
    )
    socketio.emit(
        "presence",
        {"session": session.id, "people": chatroom.presence(session, with_names=True)},
        to=moderators_room(session.id),
        namespace=NAMESPACE,
    )


def schedule_presence(session_id: int) -> None:
    """Broadcast presence soon, once per room however many join or leave meanwhile."""
    with _presence_lock:
        if session_id in _presence_pending:
            return
        _presence_pending.add(session_id)
    socketio.start_background_task(_presence_later, current_app._get_current_object(), session_id)


def _presence_later(app, session_id: int) -> None:
    """The coalesced presence broadcast (runs in a background task)."""
    socketio.sleep(PRESENCE_DELAY)
    with _presence_lock:
        _presence_pending.discard(session_id)
    with app.app_context():
        try:
            session = db.session.get(DebriefSession, session_id)
            if session is not None and session.closed_at is None:
                broadcast_presence(session)
        except Exception as error:  # noqa: BLE001 - a missed presence update is not fatal
            log.warning("presence update failed: %s", type(error).__name__)
        finally:
            db.session.remove()


def _notice(session_id: int, text: str) -> None:
    """A short, unstored notice such as «Deltaker 3 kom inn»."""
    socketio.emit(
        "notice", {"session": session_id, "text": text}, to=_both(session_id), namespace=NAMESPACE
    )


def _label(session: DebriefSession, user: User | None) -> str:
    """How a user is shown in the room, or a neutral word if that is no longer known."""
    if user is None:
        return "En deltaker"
    try:
        return chatroom.author_of(session, user).label
    except services.DebriefError:
        return "En deltaker"


def _disconnect(app, sids: list[str]) -> None:
    """Disconnect sockets on whichever process holds them (local handlers get a fresh context)."""
    _grants.drop(sids)
    with app.app_context():
        for sid in sids:
            socketio.server.disconnect(sid, namespace=NAMESPACE)


def disconnect_user(user_id: int, session_id: int | None = None) -> None:
    """Disconnect a user's sockets (in one room, or all), after the change is committed."""
    _disconnect(current_app._get_current_object(), chatroom.sids_of_user(user_id, session_id))


def announce_closed(session_id: int) -> None:
    """Tell the room it is closed and empty it (after the close is committed)."""
    _grants.drop_room(session_id)
    socketio.emit("closed", {"session": session_id}, to=_both(session_id), namespace=NAMESPACE)
    for room in _both(session_id):
        socketio.close_room(room, namespace=NAMESPACE)


def on_sessions_ended(user_id, **_extra) -> None:
    """Logout, deactivation or role change: disconnect that user's sockets once it is committed."""
    with db.session.no_autoflush:
        sids = chatroom.sids_of_user(user_id)
    if not sids:
        return

    app = current_app._get_current_object()
    event.listen(db.session(), "after_commit", lambda _session: _disconnect(app, sids), once=True)


def sweep_expired_sessions() -> int:
    """End login sessions that timed out, so their sockets are disconnected (after commit)."""
    count = network_services.expire_sessions(utcnow())
    db.session.commit()
    return count


def _sweep_forever(app, seconds: int) -> None:
    """Every ``seconds``: a socket whose login expired stops receiving without a page load."""
    while True:
        socketio.sleep(seconds)
        with app.app_context():
            try:
                sweep_expired_sessions()
            except Exception as error:  # noqa: BLE001 - the next round tries again
                db.session.rollback()
                log.warning("session sweep failed: %s", type(error).__name__)
            finally:
                db.session.remove()


def _start_sweep() -> None:
    """Start this process's session sweep once, with the first socket."""
    seconds = current_app.config["SESSION_SWEEP_SECONDS"]
    if seconds and not _sweep_started.is_set():
        _sweep_started.set()
        socketio.start_background_task(_sweep_forever, current_app._get_current_object(), seconds)


def on_connect(auth=None):
    """Refuse anyone not fully logged in (password and required 2FA); remember the socket."""
    if not accounts.fully_logged_in(current_user) or not can(current_user, "debrief.join"):
        return False
    chatroom.connection_opened(request.sid, current_user)
    db.session.commit()
    join_room(user_room(current_user.id))
    _start_sweep()
    return True


def on_disconnect(reason=None) -> None:
    """Forget the socket and tell its room."""
    _grants.drop([request.sid])
    known = chatroom.connection_closed(request.sid)
    db.session.commit()
    if known is None or known[1] is None:
        return
    user_id, session_id = known
    session = db.session.get(DebriefSession, session_id)
    if session is None or session.closed_at is not None:
        return
    schedule_presence(session.id)
    _notice(
        session.id, _("%(label)s gikk ut.", label=_label(session, db.session.get(User, user_id)))
    )


@guarded("debrief.join", joined=False)
def on_join(session: DebriefSession, data: dict) -> dict:
    """Enter a room; return the messages after ``last_id`` so a reconnect misses nothing."""
    last_id = _int(data.get("last_id"), minimum=0) or 0
    was_here = _joined(session.id)
    previous = chatroom.connection_joined(request.sid, session)
    grant = _grant(session, current_user, utcnow())
    moderator, ref, label = grant.author.moderator, grant.author.ref, grant.author.label
    db.session.commit()
    _grants.put(request.sid, grant)
    if previous is not None:
        for room in _both(previous):
            leave_room(room)
    join_room(moderators_room(session.id) if moderator else participants_room(session.id))
    messages = chatroom.history(session, last_id, with_authors=moderator)
    participant = services.participant_of(session, current_user)
    muted = participant is not None and participant.is_muted(utcnow())
    schedule_presence(session.id)
    if not was_here:
        emit(
            "notice",
            {"session": session.id, "text": _("%(label)s kom inn.", label=label)},
            to=_both(session.id),
            include_self=False,
        )
    return {
        "ok": True,
        "you": ref,
        "label": label,
        "moderator": moderator,
        "paused": session.paused,
        "muted_until": utc_to_oslo(participant.muted_until).strftime("%H:%M") if muted else None,
        "messages": [chatroom.message_payload(m, with_names=moderator) for m in messages],
        "deleted": chatroom.deleted_ids(session),
        "presence": chatroom.presence(session, with_names=moderator),
    }


@guarded("debrief.view")
def on_leave(session: DebriefSession, data: dict) -> dict:
    """Leave the room (the registration stays)."""
    label = _label(session, current_user)
    chatroom.connection_left(request.sid)
    db.session.commit()
    _grants.drop([request.sid])
    for room in _both(session.id):
        leave_room(room)
    schedule_presence(session.id)
    _notice(session.id, _("%(label)s gikk ut.", label=label))
    return {"ok": True}


@granted
def on_send(grant: Grant, data: dict) -> dict:
    """Store a message (one select, one insert, one commit), then broadcast it; first warn the
    writer of identifiers in it."""
    override = data.get("override") is True
    try:
        message = chatroom.post_as(
            grant.author, grant.session_id, data.get("body"), utcnow(), override=override
        )
    except chatroom.IdentifierWarning as warning:
        return {"ok": False, "warning": warning.kinds, "error": str(warning)}
    # Payloads are built before the commit, which would expire what they read.
    anonymous, named = chatroom.new_message_payloads(message, grant.author)
    db.session.commit()
    socketio.emit("chat", anonymous, to=participants_room(grant.session_id), namespace=NAMESPACE)
    socketio.emit("chat", named, to=moderators_room(grant.session_id), namespace=NAMESPACE)
    return {"ok": True, "id": anonymous["id"]}


@granted
def on_typing(grant: Grant, data: dict) -> dict:
    """Tell the others that someone is writing."""
    emit(
        "typing",
        {"session": grant.session_id, "ref": grant.author.ref, "label": grant.author.label},
        to=_both(grant.session_id),
        include_self=False,
    )
    return {"ok": True}


@guarded("debrief.moderate")
def on_delete(session: DebriefSession, data: dict) -> dict:
    """Moderator deletes a message."""
    message_id = _int(data.get("message"))
    message = db.session.get(ChatMessage, message_id) if message_id else None
    if message is None or message.session_id != session.id:
        return _refuse(_("Fant ikke meldingen."))
    chatroom.delete_message(current_user, message, utcnow())
    db.session.commit()
    socketio.emit(
        "deleted",
        {"session": session.id, "id": message.id},
        to=_both(session.id),
        namespace=NAMESPACE,
    )
    return {"ok": True}


@guarded("debrief.moderate")
def on_mute(session: DebriefSession, data: dict) -> dict:
    """Moderator mutes a participant for N minutes."""
    participant = chatroom.participant_by_ref(session, data.get("ref"))
    if participant is None:
        return _refuse(_("Fant ikke deltakeren."))
    until = chatroom.mute(current_user, participant, data.get("minutes"), utcnow())
    db.session.commit()
    clock = utc_to_oslo(until).strftime("%H:%M")
    socketio.emit(
        "muted",
        {"session": session.id, "until": clock},
        to=user_room(participant.user_id),
        namespace=NAMESPACE,
    )
    socketio.emit(
        "notice",
        {
            "session": session.id,
            "text": _(
                "%(display_name)s er dempet til kl. %(clock)s.",
                display_name=participant.display_name,
                clock=clock,
            ),
        },
        to=moderators_room(session.id),
        namespace=NAMESPACE,
    )
    return {"ok": True, "until": clock}


@guarded("debrief.moderate")
def on_pause(session: DebriefSession, data: dict) -> dict:
    """Moderator makes the room read-only for participants, or opens it again."""
    paused = data.get("paused")
    if not isinstance(paused, bool):
        return _refuse(INVALID)
    chatroom.set_paused(current_user, session, paused)
    db.session.commit()
    socketio.emit(
        "paused",
        {"session": session.id, "paused": paused},
        to=_both(session.id),
        namespace=NAMESPACE,
    )
    return {"ok": True}


@guarded("debrief.moderate")
def on_remove(session: DebriefSession, data: dict) -> dict:
    """Moderator removes a participant from the session and disconnects them."""
    participant = chatroom.participant_by_ref(session, data.get("ref"))
    if participant is None or participant.removed_at is not None:
        return _refuse(_("Fant ikke deltakeren."))
    chatroom.remove_participant(current_user, participant, utcnow())
    db.session.commit()
    socketio.emit(
        "removed", {"session": session.id}, to=user_room(participant.user_id), namespace=NAMESPACE
    )
    disconnect_user(participant.user_id, session.id)
    return {"ok": True}


HANDLERS = {
    "connect": on_connect,
    "disconnect": on_disconnect,
    "join": on_join,
    "leave": on_leave,
    "send": on_send,
    "typing": on_typing,
    "delete": on_delete,
    "mute": on_mute,
    "pause": on_pause,
    "remove": on_remove,
}
