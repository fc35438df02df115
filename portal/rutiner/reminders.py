"""Review-date reminders: routines due for review and the e-mails to their responsible."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.rutiner.models import (
    Routine,
    Status,
)
from portal.rutiner.services import REMINDER_MONTHS, add_months


def due_for_review(today: date) -> list[Routine]:
    """Approved routines whose review date is within two months or already passed."""
    return list(
        db.session.scalars(
            select(Routine)
            .where(
                Routine.released_version_id.is_not(None),
                Routine.status != Status.EXPIRED,
                Routine.next_review_date <= add_months(today, REMINDER_MONTHS),
            )
            .options(joinedload(Routine.responsible), joinedload(Routine.municipality))
            .order_by(Routine.next_review_date)
        )
    )


def send_reminders(today: date, link_for) -> tuple[int, list[Routine]]:
    """E-mail each responsible person about their routines due for review; return overdue ones."""
    from portal.mail import send_mail

    due = due_for_review(today)
    by_person: dict[int, list[Routine]] = {}
    for routine in due:
        if routine.responsible.active:
            by_person.setdefault(routine.responsible_id, []).append(routine)
    for routines in by_person.values():
        person = routines[0].responsible
        lines = [
            f"- {r.title} ({r.owner_name}): revisjon "
            f"{'var' if r.next_review_date < today else 'er'} {r.next_review_date:%d.%m.%Y}\n"
            f"  {link_for(r)}"
            for r in routines
        ]
        send_mail(
            person.email,
            "Rutiner som skal revideres",
            f"Hei {person.name},\n\nDu er ansvarlig for rutiner som snart skal, eller skulle "
            "vært, revidert:\n\n" + "\n".join(lines) + "\n\nHilsen Fagnettverket\n",
        )
    overdue = [r for r in due if r.next_review_date < today]
    return len(by_person), overdue
