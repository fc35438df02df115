"""Reading routines: audiences, read confirmations, readers and what each person must read."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased, joinedload

from portal.access import can
from portal.core.dates import utcnow
from portal.extensions import db
from portal.network.models import User
from portal.rutiner.models import (
    ReadConfirmation,
    Routine,
    Status,
)
from portal.rutiner.services import RoutineError


def audience(routine: Routine) -> list[User]:
    """Who must read the routine: the owner municipality's members, or everyone (felles)."""
    where = [User.active]
    if routine.municipality_id is not None:
        where.append(User.municipality_id == routine.municipality_id)
    return list(db.session.scalars(select(User).where(*where).order_by(User.name)))


def confirmation(user: User, routine: Routine) -> ReadConfirmation | None:
    """The user's read confirmation for the routine, valid or not."""
    return db.session.scalar(
        select(ReadConfirmation).where(
            ReadConfirmation.routine_id == routine.id, ReadConfirmation.user_id == user.id
        )
    )


def has_confirmed(user: User, routine: Routine) -> bool:
    """True when the user confirmed a version since the last significant change."""
    found = confirmation(user, routine)
    return found is not None and found.version_number >= routine.read_from_number


def confirm_read(actor: User, routine: Routine, now: datetime | None = None) -> ReadConfirmation:
    """Record «lest og forstått» for the released version."""
    if not can(actor, "rutiner.confirm", routine):
        raise RoutineError(
            _("Lesebekreftelse gjelder bare de ansatte i kommunen som eier en godkjent rutine.")
        )
    found = confirmation(actor, routine) or ReadConfirmation(
        routine_id=routine.id, user_id=actor.id, version_number=0
    )
    found.version_number = routine.released_version.number
    found.confirmed_at = now or utcnow()
    db.session.add(found)
    return found


@dataclass(frozen=True)
class ReaderStatus:
    """A person who should read the routine, and whether they have."""

    user: User
    confirmed_at: datetime | None
    version_number: int | None
    valid: bool


def readers(routine: Routine) -> list[ReaderStatus]:
    """Everyone in the routine's audience with their confirmation state."""
    found = {
        c.user_id: c
        for c in db.session.scalars(
            select(ReadConfirmation).where(ReadConfirmation.routine_id == routine.id)
        )
    }
    result = []
    for user in audience(routine):
        item = found.get(user.id)
        valid = item is not None and item.version_number >= routine.read_from_number
        result.append(
            ReaderStatus(
                user,
                item.confirmed_at if item else None,
                item.version_number if item else None,
                valid,
            )
        )
    return result


def _audience_clause(user: User):
    """SQL: routines whose audience includes ``user``."""
    if user.municipality_id is None:
        return Routine.municipality_id.is_(None)
    return or_(Routine.municipality_id.is_(None), Routine.municipality_id == user.municipality_id)


def must_read(user: User, limit: int = 10) -> list[Routine]:
    """Released routines the user has not confirmed since their last significant change."""
    read = aliased(ReadConfirmation)
    query = (
        select(Routine)
        .outerjoin(read, and_(read.routine_id == Routine.id, read.user_id == user.id))
        .where(
            Routine.released_version_id.is_not(None),
            Routine.status != Status.EXPIRED,
            _audience_clause(user),
            or_(read.id.is_(None), read.version_number < Routine.read_from_number),
        )
        .options(joinedload(Routine.municipality))
        .order_by(Routine.approved_at.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def responsible_for(user: User) -> list[Routine]:
    """Released routines the user is responsible for, next review first."""
    return list(
        db.session.scalars(
            select(Routine)
            .where(
                Routine.responsible_id == user.id,
                Routine.released_version_id.is_not(None),
                Routine.status != Status.EXPIRED,
            )
            .order_by(Routine.next_review_date)
            .limit(20)
        )
    )


def awaiting_approval(user: User) -> list[Routine]:
    """Drafts waiting for this user's approval."""
    return list(
        db.session.scalars(
            select(Routine)
            .where(Routine.status == Status.PENDING, Routine.approver_id == user.id)
            .order_by(Routine.updated_at)
        )
    )
