"""Scheduled debrief sessions (the debrief Thursdays) on the årshjul."""

from datetime import date, datetime, time, timedelta

from flask import url_for
from sqlalchemy import select

from portal.access import can
from portal.debrief.models import DebriefSession
from portal.extensions import db
from portal.year_items import WheelItem


def debrief_sessions(user, start: date, end: date) -> list[WheelItem]:
    """Scheduled (not defusing) sessions the user may see."""
    sessions = db.session.scalars(
        select(DebriefSession).where(
            DebriefSession.starts_at >= datetime.combine(start, time.min),
            DebriefSession.starts_at < datetime.combine(end + timedelta(days=1), time.min),
        )
    )
    return [
        WheelItem(
            kind="debrief",
            uid=f"debrief-{session.id}",
            title=session.title,
            starts_on=session.starts_at.date(),
            ends_on=session.starts_at.date(),
            url=url_for("debrief.debrief_session", session_id=session.id),
        )
        for session in sessions
        if not session.is_defusing and can(user, "debrief.view", session)
    ]
