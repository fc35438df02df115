"""Series invitations: invite people to every session of a series with one recurring .ics."""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from portal import audit, mail
from portal.core.dates import utc_to_oslo, utcnow
from portal.debrief import recurrence
from portal.debrief.models import DebriefSeries, DebriefSession, SeriesInvitee
from portal.debrief.services import DebriefError, register, series_dates
from portal.extensions import db
from portal.meetings.ical import CalendarEvent, build_calendar
from portal.network.models import User


def series_by_uid(uid: str | None) -> DebriefSeries | None:
    """The series a session belongs to, if any."""
    if uid is None:
        return None
    return db.session.scalar(select(DebriefSeries).where(DebriefSeries.uid == uid))


def sessions_of(series: DebriefSeries) -> list[DebriefSession]:
    """The series' sessions that still exist, in date order."""
    return list(
        db.session.scalars(
            select(DebriefSession)
            .where(DebriefSession.series_uid == series.uid)
            .order_by(DebriefSession.starts_at)
        )
    )


def recurrence_rule(series: DebriefSeries) -> dict:
    """The series' RRULE: monthly on the nth weekday (e.g. 1TH), or every (other) week."""
    until = datetime.combine(series.until, series.end_time)
    return recurrence.ical_rule(series.first_date, until, series.frequency)


def cancelled_dates(series: DebriefSeries) -> list[datetime]:
    """Oslo start times of the rule's dates that no longer have a session (EXDATE)."""
    held = {utc_to_oslo(s.starts_at).date() for s in sessions_of(series)}
    return [
        datetime.combine(day, series.start_time)
        for day in series_dates(series.first_date, series.until, series.frequency)
        if day not in held
    ]


def series_event(series: DebriefSeries, attendee: User, url: str) -> CalendarEvent:
    """The whole series as one recurring event for one attendee."""
    first = series.first_date
    return CalendarEvent(
        uid=f"debrief-series-{series.uid}@fagnettverk",
        summary=series.title,
        start=datetime.combine(first, series.start_time),
        end=datetime.combine(first, series.end_time),
        description=_("Debrifing i fagnettverket. Chatten åpner i portalen når økten starter."),
        location=_("Portalen (chat)"),
        url=url,
        organizer_email=series.moderator.email,
        organizer_name=series.moderator.name,
        sequence=series.sequence,
        rrule=recurrence_rule(series),
        exdates=tuple(cancelled_dates(series)),
        attendee_email=attendee.email,
    )


def series_calendar(series: DebriefSeries, attendee: User, url: str, method: str) -> bytes:
    """The .ics for one attendee: METHOD:REQUEST (invite/update) or METHOD:CANCEL."""
    return build_calendar([series_event(series, attendee, url)], series.title, method=method)


def _mail(series: DebriefSeries, person: User, url: str, method: str) -> None:
    """Queue the one e-mail with the series' calendar invitation, update or cancellation."""
    if method == "CANCEL":
        subject = _("Avlyst for deg: %(title)s", title=series.title)
        body = _(
            "Du er tatt ut av serien «%(title)s». Kalenderen din oppdateres.", title=series.title
        )
    else:
        subject = _("Invitasjon: %(title)s", title=series.title)
        body = _(
            "Du er invitert til «%(title)s», %(start)s–%(end)s, fra %(first)s til %(until)s, "
            "og påmeldt hver økt. Kan du ikke komme én gang, meld deg av den økten i portalen.\n\n"
            "Se serien: %(url)s\n\nKalenderinvitasjonen ligger ved.",
            title=series.title, start=f"{series.start_time:%H:%M}", end=f"{series.end_time:%H:%M}",
            first=f"{series.first_date:%d.%m.%Y}", until=f"{series.until:%d.%m.%Y}", url=url,
        )  # fmt: skip
    ics = series_calendar(series, person, url, method)
    mail.send_mail(
        person.email,
        subject,
        body,
        [mail.Attachment("debrifing-serie.ics", ics, "text/calendar")],
    )


def invitees(series: DebriefSeries) -> list[User]:
    """Everyone invited, by name."""
    return sorted((i.user for i in series.invitees), key=lambda u: u.name)


def invite(actor: User, series: DebriefSeries, people: list[User], url: str) -> list[User]:
    """Register new invitees for every coming session and send each ONE invitation."""
    already = {i.user_id for i in series.invitees}
    now = utcnow()
    added = []
    for person in people:
        if person.id in already or not person.active:
            continue
        series.invitees.append(SeriesInvitee(user_id=person.id))
        for session in sessions_of(series):
            if session.starts_at > now and session.closed_at is None:
                register(session, person)
        added.append(person)
        already.add(person.id)
    db.session.flush()
    for person in added:
        _mail(series, person, url, "REQUEST")
    audit.record(actor, "debrief.series_invited", series, detail=f"count={len(added)}")
    return added


def remove_invitee(actor: User, series: DebriefSeries, person: User, url: str) -> None:
    """Take a person out of the series and its coming sessions; send METHOD:CANCEL."""
    invitee = next((i for i in series.invitees if i.user_id == person.id), None)
    if invitee is None:
        raise DebriefError(_("Personen er ikke invitert til serien."))
    series.invitees.remove(invitee)
    now = utcnow()
    for session in sessions_of(series):
        participant = session.registration_of(person)
        if participant is not None and session.starts_at > now and participant.removed_at is None:
            db.session.delete(participant)
    db.session.flush()
    _mail(series, person, url, "CANCEL")
    audit.record(actor, "debrief.series_uninvited", series)


def cancel_session(actor: User, session: DebriefSession, url: str) -> DebriefSeries:
    """Cancel one coming session of a series; invitees get the updated series (EXDATE)."""
    series = series_by_uid(session.series_uid)
    if series is None:
        raise DebriefError(_("Økten hører ikke til en serie."))
    if session.opened_at is not None or session.starts_at <= utcnow():
        raise DebriefError(_("Bare økter som ikke har startet, kan avlyses."))
    for participant in list(session.participants):
        db.session.delete(participant)
    db.session.delete(session)
    db.session.flush()
    series.sequence += 1
    for person in invitees(series):
        _mail(series, person, url, "REQUEST")
    audit.record(actor, "debrief.series_session_cancelled", series)
    return series
