"""Approval of routines: owners, approvers, submit, approve, return, withdraw, delete."""

from datetime import datetime

from flask_babel import gettext as _

from portal import audit
from portal.core.dates import utcnow
from portal.extensions import db
from portal.network.models import User
from portal.rutiner.models import (
    ReadConfirmation,
    Routine,
    RoutineComment,
    RoutineVersion,
    Status,
)
from portal.rutiner.services import RoutineError, add_months, owners


def is_own(user: User, routine: Routine) -> bool:
    """True when the user wrote or submitted the draft waiting for approval."""
    draft = routine.draft_version
    return user.id == routine.submitted_by_id or (draft is not None and draft.author_id == user.id)


def eligible_approvers(routine: Routine, submitter: User) -> list[User]:
    """Owners who may approve the draft: anyone but the submitter and the draft's author."""
    draft = routine.draft_version
    excluded = {submitter.id, draft.author_id if draft else None}
    return [u for u in owners(routine) if u.id not in excluded]


def submit(actor: User, routine: Routine, approver: User | None) -> None:
    """Send the draft to a named approver."""
    if routine.status != Status.DRAFT or routine.draft_version is None:
        raise RoutineError(_("Bare et utkast kan sendes til godkjenning."))
    if approver is None or approver.id not in {u.id for u in eligible_approvers(routine, actor)}:
        raise RoutineError(
            _("Velg en godkjenner fra listen. Du kan ikke godkjenne en rutine du selv har skrevet.")
        )
    routine.status = Status.PENDING
    routine.approver_id = approver.id
    routine.submitted_by_id = actor.id
    routine.return_comment = None
    routine.updated_at = utcnow()
    audit.record(actor, "routine.submitted", routine, detail=f"approver={approver.id}")


def approve(actor: User, routine: Routine, significant: bool, now: datetime | None = None) -> None:
    """Release the pending draft; a significant change asks everyone to read it again."""
    if routine.status != Status.PENDING or routine.draft_version is None:
        raise RoutineError(_("Rutinen venter ikke på godkjenning."))
    if is_own(actor, routine):
        raise RoutineError(
            _("Du kan ikke godkjenne en rutine du selv har skrevet eller sendt til godkjenning.")
        )
    if routine.approver_id != actor.id:
        raise RoutineError(_("Bare den navngitte godkjenneren kan godkjenne rutinen."))
    now = now or utcnow()
    version = routine.draft_version
    first = routine.released_version is None
    version.approved_at = now
    version.approved_by_id = actor.id
    version.significant = significant or first
    routine.released_version = version
    routine.draft_version = None
    routine.status = Status.APPROVED
    routine.title = version.title
    routine.approved_at = now
    routine.next_review_date = add_months(now.date(), routine.review_interval_months)
    routine.submitted_by_id = None
    routine.return_comment = None
    routine.updated_at = now
    if version.significant:
        routine.read_from_number = version.number
    db.session.flush()
    audit.record(
        actor,
        "routine.approved",
        routine,
        detail=f"version={version.number} sig={int(version.significant)}",
    )


def return_draft(actor: User, routine: Routine, comment: str) -> None:
    """Send the draft back to its author with a comment."""
    if routine.status != Status.PENDING:
        raise RoutineError(_("Rutinen venter ikke på godkjenning."))
    if not comment.strip():
        raise RoutineError(_("Skriv hva som må endres før rutinen sendes tilbake."))
    routine.status = Status.DRAFT
    routine.return_comment = comment.strip()
    routine.approver_id = routine.submitted_by_id = None
    routine.updated_at = utcnow()
    audit.record(actor, "routine.returned", routine)


def withdraw(actor: User, routine: Routine) -> None:
    """Mark an approved routine as expired (utgått); readers see it is no longer in force."""
    if routine.status != Status.APPROVED:
        raise RoutineError(_("Bare en godkjent rutine uten utkast kan settes som utgått."))
    routine.status = Status.EXPIRED
    routine.updated_at = utcnow()
    audit.record(actor, "routine.status_changed", routine, detail="approved->expired")


def delete_routine(actor: User, routine: Routine) -> None:
    """Delete a routine that was never approved, with its versions and comments."""
    if routine.released_version_id is not None:
        raise RoutineError(
            _("En rutine som har vært godkjent kan ikke slettes. Sett den som utgått.")
        )
    audit.record(actor, "routine.deleted", routine, detail=f"versions={routine.version_count}")
    routine.draft_version = None
    db.session.flush()
    for model in (RoutineComment, ReadConfirmation, RoutineVersion):
        db.session.execute(model.__table__.delete().where(model.routine_id == routine.id))
    db.session.execute(
        Routine.__table__.update()
        .where(Routine.origin_routine_id == routine.id)
        .values(origin_routine_id=None)
    )
    db.session.delete(routine)
