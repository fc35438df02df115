"""Defusing: who is on duty, requests for a talk, and the private room a taken request opens."""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, update

from portal import audit
from portal.debrief.models import (
    KIND_DEFUSING,
    DebriefParticipant,
    DebriefSession,
    DefusingRequest,
    DutyVolunteer,
)
from portal.debrief.services import DEFUSING_LENGTH, DEFUSING_TITLE, DISPLAY_NAME_MAX, DebriefError
from portal.extensions import db
from portal.network.models import User


def is_on_duty(user) -> bool:
    """True while the user has volunteered to take defusing requests."""
    return DutyVolunteer.on_duty(user)


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
            _("Noen andre har allerede tatt denne forespørselen, eller den er trukket.")
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
