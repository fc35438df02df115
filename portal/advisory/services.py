"""Consultations with the advisory unit: ask, answer in a thread, close; unit membership."""

from dataclasses import dataclass
from statistics import median

from flask_babel import gettext as _
from sqlalchemy import or_, select

from portal import audit, identifier_gate
from portal.advisory.models import Adviser, Consultation, ConsultationMessage, ConsultationStatus
from portal.advisory.policy import in_unit
from portal.core.dates import utcnow
from portal.extensions import db
from portal.network.models import Role, User
from portal.notices import Notice


class AdvisoryError(ValueError):
    """A refused operation; the message is Norwegian and shown to the user."""


def unit_members() -> list[User]:
    """Active legal advisers and named advisers."""
    named = select(Adviser.user_id)
    return list(
        db.session.scalars(
            select(User)
            .where(User.active.is_(True), or_(User.role == Role.LEGAL, User.id.in_(named)))
            .order_by(User.name)
        )
    )


def named_advisers() -> list[Adviser]:
    """The named advisers (legal advisers belong without being named)."""
    return list(db.session.scalars(select(Adviser).join(Adviser.user).order_by(User.name)))


def add_adviser(actor, user: User) -> Adviser:
    """Name a member as adviser in the unit."""
    if db.session.get(Adviser, user.id) is not None:
        raise AdvisoryError(_("%(name)s er allerede rådgiver i enheten.", name=user.name))
    adviser = Adviser(user_id=user.id, added_by_id=actor.id)
    db.session.add(adviser)
    db.session.flush()
    audit.record(actor, "advice.adviser_added", user)
    return adviser


def remove_adviser(actor, adviser: Adviser) -> None:
    """Take a named adviser out of the unit."""
    audit.record(actor, "advice.adviser_removed", adviser.user)
    db.session.delete(adviser)
    db.session.flush()


def _body(text: str) -> str:
    """A non-empty message of sensible length."""
    text = (text or "").strip()
    if not text:
        raise AdvisoryError(_("Skriv spørsmålet eller svaret før du sender."))
    if len(text.encode()) > 20_000:
        raise AdvisoryError(_("Teksten er for lang; høyst 20 kB."))
    return text


def ask(
    actor, *, title: str, body: str, case=None, identifier_reason: str | None = None
) -> tuple[Consultation, list[Notice]]:
    """Send a question to the unit for the actor's municipality (tied to a case or not)."""
    if actor.municipality_id is None:
        raise AdvisoryError(_("Bare medlemmer av en kommune kan spørre rådgivende enhet."))
    title = (title or "").strip()
    if not title:
        raise AdvisoryError(_("Gi spørsmålet en kort tittel."))
    body = _body(body)
    reason = identifier_gate.check(title + "\n" + body, identifier_reason)
    consultation = Consultation(
        municipality_id=actor.municipality_id,
        asker_id=actor.id,
        case_id=case.id if case is not None else None,
        title=title[:200],
    )
    db.session.add(consultation)
    db.session.add(
        ConsultationMessage(
            consultation=consultation, author_id=actor.id, body=body, identifier_reason=reason
        )
    )
    db.session.flush()
    audit.record(actor, "advice.asked", consultation)
    notices = [
        Notice(
            member.email,
            _("Nytt spørsmål til rådgivende enhet"),
            _(
                "%(place)s har sendt et spørsmål til rådgivende enhet. Les og svar i "
                "Fagnettverket under Rådgivende enhet.",
                place=actor.municipality.name,
            ),
        )
        for member in unit_members()
    ]
    return consultation, notices


def reply(
    actor, consultation: Consultation, body: str, identifier_reason: str | None = None
) -> tuple[ConsultationMessage, list[Notice]]:
    """Add a message; the unit's first answer marks the consultation answered."""
    if consultation.is_closed:
        raise AdvisoryError(_("Konsultasjonen er lukket."))
    body = _body(body)
    reason = identifier_gate.check(body, identifier_reason)
    from_unit = in_unit(actor) and actor.municipality_id != consultation.municipality_id
    message = ConsultationMessage(
        consultation=consultation,
        author_id=actor.id,
        body=body,
        from_unit=from_unit,
        identifier_reason=reason,
    )
    db.session.add(message)
    notices: list[Notice] = []
    if from_unit:
        if consultation.first_answered_at is None:
            consultation.first_answered_at = utcnow()
        consultation.status = ConsultationStatus.ANSWERED
        if consultation.asker is not None and consultation.asker.active:
            notices.append(
                Notice(
                    consultation.asker.email,
                    _("Svar fra rådgivende enhet"),
                    _("Rådgivende enhet har svart på spørsmålet ditt i Fagnettverket."),
                )
            )
    else:
        consultation.status = ConsultationStatus.RECEIVED
    db.session.flush()
    audit.record(actor, "advice.replied", consultation, detail=f"message={message.id}")
    return message, notices


def close(actor, consultation: Consultation) -> None:
    """Close a consultation: no more messages."""
    if consultation.is_closed:
        raise AdvisoryError(_("Konsultasjonen er allerede lukket."))
    consultation.status = ConsultationStatus.CLOSED
    consultation.closed_at = utcnow()
    audit.record(actor, "advice.closed", consultation)


def consultations_for(user) -> list[Consultation]:
    """What the user may see: the whole queue for the unit, else the own municipality's."""
    query = select(Consultation).order_by(Consultation.created_at.desc())
    if not in_unit(user):
        query = query.where(Consultation.municipality_id == user.municipality_id)
    return list(db.session.scalars(query))


def waiting() -> list[Consultation]:
    """Consultations waiting for the unit, oldest first."""
    return list(
        db.session.scalars(
            select(Consultation)
            .where(Consultation.status == ConsultationStatus.RECEIVED)
            .order_by(Consultation.created_at)
        )
    )


@dataclass(frozen=True)
class AnswerTime:
    """How fast the unit answers: median and count of answered consultations, in hours."""

    answered: int
    waiting: int
    median_hours: float | None


def answer_time() -> AnswerTime:
    """The unit's answer time over every consultation."""
    rows = list(db.session.scalars(select(Consultation)))
    hours = [
        (c.first_answered_at - c.created_at).total_seconds() / 3600
        for c in rows
        if c.first_answered_at is not None
    ]
    waiting = sum(1 for c in rows if c.status == ConsultationStatus.RECEIVED)
    return AnswerTime(len(hours), waiting, round(median(hours), 1) if hours else None)


def personal_advice_data(user) -> dict:
    """Messages the person wrote in consultations."""
    messages = db.session.scalars(
        select(ConsultationMessage).where(ConsultationMessage.author_id == user.id)
    )
    return {
        "meldinger": [
            {
                "konsultasjon": m.consultation_id,
                "skrevet": m.created_at.isoformat(),
                "tekst": m.body,
            }
            for m in messages
        ]
    }
