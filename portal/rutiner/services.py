"""Routine operations: drafts and versions, approval, review dates, reading, adopting."""

import calendar
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload

from portal import audit, personal_data, text
from portal.access import can, is_coordinator, routine_owner
from portal.dates import utcnow
from portal.extensions import db
from portal.network.models import Role, User
from portal.rutiner.diff import Diff, SectionPair, compare_rendered, diff_texts
from portal.rutiner.models import (
    CATEGORIES,
    REVIEW_INTERVALS,
    ReadConfirmation,
    Routine,
    RoutineComment,
    RoutineVersion,
    Status,
)

OSLO = ZoneInfo("Europe/Oslo")
MAX_BODY_BYTES = 1_000_000
REMINDER_MONTHS = 2
PER_PAGE = 25
SORTS = {
    "tittel": (Routine.title.asc(), Routine.id.asc()),
    "endret": (Routine.updated_at.desc(), Routine.id.desc()),
    "revisjon": (Routine.next_review_date.is_(None), Routine.next_review_date.asc(), Routine.id),
}


class RoutineError(ValueError):
    """A refused operation; the message is Norwegian and shown to the user."""


class StaleEdit(RoutineError):
    """The draft was saved by someone else after the editor opened it."""

    def __init__(self, current: RoutineVersion):
        super().__init__(
            f"Rutinen ble lagret av {current.author.name} (versjon {current.number}) mens du "
            "skrev. Teksten din er ikke lagret, men står i skjemaet under. Se hva som er endret, "
            "flett inn endringene dine og lagre på nytt."
        )
        self.current = current


# --- Review dates --------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_light(next_review: date | None, today: date) -> str | None:
    """Traffic light for a review date: red when overdue, yellow within two months, else green."""
    if next_review is None:
        return None
    if next_review < today:
        return "red"
    if next_review <= add_months(today, REMINDER_MONTHS):
        return "yellow"
    return "green"


# --- Validation ----------------------------------------------------------------------------


def check_content(title: str, body: str) -> None:
    """Refuse an empty title or a body over 1 MB."""
    if not title.strip():
        raise RoutineError("Rutinen må ha en tittel.")
    if len(body.encode("utf-8")) > MAX_BODY_BYTES:
        raise RoutineError("Teksten er større enn 1 MB. Del rutinen opp eller gjør den kortere.")


def check_settings(category: str, interval: int) -> None:
    """Refuse an unknown category or review interval."""
    if category not in CATEGORIES:
        raise RoutineError("Velg en kategori fra listen.")
    if interval not in REVIEW_INTERVALS:
        raise RoutineError("Velg et revisjonsintervall på 6, 12, 24 eller 36 måneder.")


# --- Writing -------------------------------------------------------------------------------


def create_routine(
    actor: User,
    *,
    network_id: int,
    municipality_id: int | None,
    title: str,
    body: str,
    change_note: str,
    category: str,
    tags: str,
    review_interval_months: int,
    responsible: User,
    now: datetime | None = None,
) -> Routine:
    """Start a routine as a draft with its first version."""
    check_content(title, body)
    check_settings(category, review_interval_months)
    _check_responsible(responsible, municipality_id)
    now = now or utcnow()
    routine = Routine(
        network_id=network_id,
        municipality_id=municipality_id,
        title=title.strip(),
        category=category,
        tags=normalise_tags(tags),
        status=Status.DRAFT,
        responsible=responsible,
        review_interval_months=review_interval_months,
        created_at=now,
        updated_at=now,
    )
    db.session.add(routine)
    db.session.flush()
    _new_version(actor, routine, 0, title, body, change_note or "Første utkast", now)
    audit.record(actor, "routine.created", routine)
    return routine


def _check_responsible(responsible: User, municipality_id: int | None) -> None:
    """Refuse a responsible person outside the owners."""
    if responsible.id not in {u.id for u in owners_of(municipality_id)}:
        raise RoutineError("Den ansvarlige må høre til kommunen som eier rutinen.")


def normalise_tags(tags: str) -> str:
    """Comma-separated tags, trimmed, without duplicates, lower case."""
    seen: list[str] = []
    for tag in (t.strip().lower() for t in tags.split(",")):
        if tag and tag not in seen:
            seen.append(tag)
    return ", ".join(seen)[:300]


def update_settings(
    actor: User,
    routine: Routine,
    *,
    category: str,
    tags: str,
    review_interval_months: int,
    responsible: User,
) -> None:
    """Change a routine's category, tags, review interval and responsible person."""
    check_settings(category, review_interval_months)
    _check_responsible(responsible, routine.municipality_id)
    interval_changed = routine.review_interval_months != review_interval_months
    routine.category = category
    routine.tags = normalise_tags(tags)
    routine.review_interval_months = review_interval_months
    routine.responsible = responsible
    if interval_changed and routine.approved_at is not None:
        routine.next_review_date = add_months(routine.approved_at.date(), review_interval_months)


def save_draft(
    actor: User,
    routine: Routine,
    *,
    base_number: int,
    title: str,
    body: str,
    change_note: str,
    now: datetime | None = None,
) -> RoutineVersion:
    """Save the draft as a new version, refusing a save based on an older version."""
    check_content(title, body)
    if routine.status == Status.EXPIRED:
        raise RoutineError("Rutinen er utgått og kan ikke endres. Lag en ny rutine i stedet.")
    version = _new_version(actor, routine, base_number, title, body, change_note, now or utcnow())
    if routine.status == Status.PENDING:
        audit.record(actor, "routine.status_changed", routine, detail="til_godkjenning->utkast")
    routine.status = Status.DRAFT
    routine.approver_id = routine.submitted_by_id = None
    return version


def restore_version(
    actor: User, routine: Routine, old: RoutineVersion, base_number: int
) -> RoutineVersion:
    """Make an old version's text the newest draft."""
    return save_draft(
        actor,
        routine,
        base_number=base_number,
        title=old.title,
        body=old.body,
        change_note=f"Gjenopprettet fra versjon {old.number}",
    )


def _new_version(
    actor: User, routine: Routine, base_number: int, title: str, body: str, note: str, now
) -> RoutineVersion:
    """Add version ``base_number + 1``; a concurrent save of the same number loses."""
    if base_number != routine.version_count:
        raise StaleEdit(latest_version(routine))
    version = RoutineVersion(
        routine_id=routine.id,
        number=base_number + 1,
        title=title.strip(),
        body=body,
        change_note=(note or "").strip()[:300],
        author=actor,
        created_at=now,
    )
    try:
        with db.session.begin_nested():
            db.session.add(version)
            db.session.flush()
    except IntegrityError:
        db.session.refresh(routine)
        raise StaleEdit(latest_version(routine)) from None
    routine.version_count = version.number
    routine.draft_version = version
    routine.updated_at = now
    if routine.released_version is None:
        routine.title = version.title
    db.session.flush()
    return version


def latest_version(routine: Routine) -> RoutineVersion:
    """The newest saved version."""
    return db.session.scalar(
        select(RoutineVersion)
        .where(RoutineVersion.routine_id == routine.id)
        .order_by(RoutineVersion.number.desc())
        .limit(1)
    )


def get_version(routine: Routine, number: int) -> RoutineVersion | None:
    """The routine's version with this number."""
    return db.session.scalar(
        select(RoutineVersion).where(
            RoutineVersion.routine_id == routine.id, RoutineVersion.number == number
        )
    )


# --- Approval ------------------------------------------------------------------------------


def owners(routine: Routine) -> list[User]:
    """Active people who own the routine: its municipality's members, or the coordinators."""
    return owners_of(routine.municipality_id)


def owners_of(municipality_id: int | None) -> list[User]:
    """Active members of a municipality, or the coordinators for network-wide routines."""
    if municipality_id is None:
        where = User.role.in_([Role.MODERATOR, Role.ADMIN])
    else:
        where = User.municipality_id == municipality_id
    return list(db.session.scalars(select(User).where(where, User.active).order_by(User.name)))


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
        raise RoutineError("Bare et utkast kan sendes til godkjenning.")
    if approver is None or approver.id not in {u.id for u in eligible_approvers(routine, actor)}:
        raise RoutineError(
            "Velg en godkjenner fra listen. Du kan ikke godkjenne en rutine du selv har skrevet."
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
        raise RoutineError("Rutinen venter ikke på godkjenning.")
    if is_own(actor, routine):
        raise RoutineError(
            "Du kan ikke godkjenne en rutine du selv har skrevet eller sendt til godkjenning."
        )
    if routine.approver_id != actor.id:
        raise RoutineError("Bare den navngitte godkjenneren kan godkjenne rutinen.")
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
        raise RoutineError("Rutinen venter ikke på godkjenning.")
    if not comment.strip():
        raise RoutineError("Skriv hva som må endres før rutinen sendes tilbake.")
    routine.status = Status.DRAFT
    routine.return_comment = comment.strip()
    routine.approver_id = routine.submitted_by_id = None
    routine.updated_at = utcnow()
    audit.record(actor, "routine.returned", routine)


def withdraw(actor: User, routine: Routine) -> None:
    """Mark an approved routine as expired (utgått); readers see it is no longer in force."""
    if routine.status != Status.APPROVED:
        raise RoutineError("Bare en godkjent rutine uten utkast kan settes som utgått.")
    routine.status = Status.EXPIRED
    routine.updated_at = utcnow()
    audit.record(actor, "routine.status_changed", routine, detail="godkjent->utgatt")


def delete_routine(actor: User, routine: Routine) -> None:
    """Delete a routine that was never approved, with its versions and comments."""
    if routine.released_version_id is not None:
        raise RoutineError("En rutine som har vært godkjent kan ikke slettes. Sett den som utgått.")
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


# --- Reading -------------------------------------------------------------------------------


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
            "Lesebekreftelse gjelder bare de ansatte i kommunen som eier en godkjent rutine."
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


# --- Lists ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The list page's filters, sort order and page."""

    municipality: str = ""
    category: str = ""
    status: str = ""
    query: str = ""
    sort: str = "tittel"
    page: int = 1


@dataclass(frozen=True)
class Page:
    """One page of a list."""

    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """Number of pages (at least one)."""
        return max(1, -(-self.total // self.per_page))


def _owner_clause(user: User):
    """SQL: routines the user owns (and so may see as drafts)."""
    clauses = []
    if user.municipality_id is not None:
        clauses.append(Routine.municipality_id == user.municipality_id)
    if is_coordinator(user):
        clauses.append(Routine.municipality_id.is_(None))
    return or_(*clauses) if clauses else false()


def list_routines(user: User, filters: Filters, per_page: int = PER_PAGE) -> Page:
    """The routines the user may see, filtered, sorted and paginated."""
    where = [or_(Routine.released_version_id.is_not(None), _owner_clause(user))]
    if filters.municipality == "felles":
        where.append(Routine.municipality_id.is_(None))
    elif filters.municipality.isdigit():
        where.append(Routine.municipality_id == int(filters.municipality))
    if filters.category in CATEGORIES:
        where.append(Routine.category == filters.category)
    if filters.status == Status.APPROVED:
        where.append(Routine.released_version_id.is_not(None))
        where.append(Routine.status != Status.EXPIRED)
    elif filters.status == Status.EXPIRED:
        where.append(Routine.status == Status.EXPIRED)
    elif filters.status in (Status.DRAFT, Status.PENDING):
        where += [Routine.status == filters.status, _owner_clause(user)]
    if filters.query.strip():
        pattern = "%" + filters.query.strip().replace("%", "").replace("_", "") + "%"
        where.append(or_(Routine.title.ilike(pattern), Routine.tags.ilike(pattern)))
    total = db.session.scalar(select(func.count(Routine.id)).where(*where))
    page = max(1, filters.page)
    items = db.session.scalars(
        select(Routine)
        .where(*where)
        .options(joinedload(Routine.municipality), joinedload(Routine.responsible))
        .order_by(*SORTS.get(filters.sort, SORTS["tittel"]))
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return Page(list(items), total, page, per_page)


def visible_versions(user: User, routine: Routine) -> list[RoutineVersion]:
    """All versions for owners; approved versions only for other readers."""
    query = select(RoutineVersion).where(RoutineVersion.routine_id == routine.id)
    if not routine_owner(user, routine):
        query = query.where(RoutineVersion.approved_at.is_not(None))
    return list(
        db.session.scalars(
            query.options(joinedload(RoutineVersion.author)).order_by(RoutineVersion.number.desc())
        )
    )


def may_see_version(user: User, routine: Routine, version: RoutineVersion) -> bool:
    """Owners see every version; others only approved ones."""
    return version.approved_at is not None or routine_owner(user, routine)


def compare_versions(old: RoutineVersion, new: RoutineVersion) -> Diff:
    """Diff of two versions' texts, the title included as the first line."""
    return diff_texts(f"# {old.title}\n\n{old.body}", f"# {new.title}\n\n{new.body}")


def compare_rendered_versions(left: RoutineVersion, right: RoutineVersion) -> list[SectionPair]:
    """Two versions rendered side by side, aligned by heading; each side sanitised again."""
    rows = compare_rendered(left.body, right.body, lambda source: str(text.render(source)))
    return [
        replace(
            row,
            left=None if row.left is None else text.sanitised(row.left),
            right=None if row.right is None else text.sanitised(row.right),
        )
        for row in rows
    ]


def comparable(user: User, category: str) -> list[Routine]:
    """Released routines of a category, for comparing across municipalities."""
    if category not in CATEGORIES:
        return []
    return list(
        db.session.scalars(
            select(Routine)
            .where(Routine.category == category, Routine.released_version_id.is_not(None))
            .options(joinedload(Routine.municipality))
            .order_by(Routine.title)
        )
    )


# --- Comments ------------------------------------------------------------------------------


def add_comment(actor: User, routine: Routine, body: str) -> RoutineComment:
    """Add feedback to a routine."""
    if not body.strip():
        raise RoutineError("Skriv en kommentar før du sender.")
    if len(body) > 10_000:
        raise RoutineError("Kommentaren kan ikke være lengre enn 10 000 tegn.")
    comment = RoutineComment(routine_id=routine.id, author_id=actor.id, body=body.strip())
    db.session.add(comment)
    return comment


def comments(routine: Routine) -> list[RoutineComment]:
    """The routine's comments, oldest first."""
    return list(
        db.session.scalars(
            select(RoutineComment)
            .where(RoutineComment.routine_id == routine.id)
            .options(joinedload(RoutineComment.author))
            .order_by(RoutineComment.created_at, RoutineComment.id)
        )
    )


def delete_comment(actor: User, comment: RoutineComment) -> None:
    """Delete a comment (audited)."""
    audit.record(actor, "routine.comment_deleted", comment, detail=f"routine={comment.routine_id}")
    db.session.delete(comment)


# --- Adopting ------------------------------------------------------------------------------


def adopt(actor: User, origin: Routine, now: datetime | None = None) -> Routine:
    """Copy a released routine into the actor's municipality (felles for coordinators)."""
    if not can(actor, "rutiner.adopt", origin):
        raise RoutineError("Du kan ikke ta i bruk denne rutinen.")
    source = origin.released_version
    routine = create_routine(
        actor,
        network_id=origin.network_id,
        municipality_id=actor.municipality_id,
        title=source.title,
        body=source.body,
        change_note=f"Tatt i bruk fra {origin.owner_name}, versjon {source.number}",
        category=origin.category,
        tags=origin.tags,
        review_interval_months=origin.review_interval_months,
        responsible=actor,
        now=now,
    )
    routine.origin_routine_id = origin.id
    routine.origin_version_number = source.number
    audit.record(actor, "routine.adopted", routine, detail=f"origin={origin.id} v={source.number}")
    return routine


@dataclass(frozen=True)
class UpstreamChange:
    """The original of an adopted routine has a newer approved version."""

    origin: Routine
    adopted: RoutineVersion
    current: RoutineVersion


def upstream_change(routine: Routine) -> UpstreamChange | None:
    """Report when the routine's origin was approved again after it was adopted."""
    origin = routine.origin
    if origin is None or origin.released_version is None or routine.origin_version_number is None:
        return None
    current = origin.released_version
    if current.number <= routine.origin_version_number:
        return None
    adopted = get_version(origin, routine.origin_version_number)
    return UpstreamChange(origin, adopted, current) if adopted else None


def acknowledge_upstream(actor: User, routine: Routine) -> None:
    """Mark the origin's newest approved version as taken into account."""
    change = upstream_change(routine)
    if change is None:
        raise RoutineError("Originalen har ingen nye endringer.")
    routine.origin_version_number = change.current.number
    audit.record(actor, "routine.origin_acknowledged", routine, detail=f"v={change.current.number}")


# --- Reminders -----------------------------------------------------------------------------


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


def today_in_oslo() -> date:
    """Today's date in Norway."""
    return datetime.now(OSLO).date()


@personal_data.source("rutiner")
def personal_routine_data(user: User) -> dict:
    """Versions the user wrote, comments, and read confirmations (GDPR export)."""
    versions = db.session.scalars(select(RoutineVersion).where(RoutineVersion.author_id == user.id))
    comments = db.session.scalars(select(RoutineComment).where(RoutineComment.author_id == user.id))
    reads = db.session.execute(
        select(ReadConfirmation, Routine.title)
        .join(Routine, Routine.id == ReadConfirmation.routine_id)
        .where(ReadConfirmation.user_id == user.id)
    )
    return {
        "versjoner_skrevet": [
            {"rutine": v.routine.title, "versjon": v.number, "tid": v.created_at.isoformat(),
             "endringsnotat": v.change_note}
            for v in versions
        ],
        "kommentarer": [
            {"rutine": c.routine.title, "tid": c.created_at.isoformat(), "tekst": c.body}
            for c in comments
        ],
        "lest_og_forstatt": [
            {"rutine": title, "versjon": r.version_number, "tid": r.confirmed_at.isoformat()}
            for r, title in reads
        ],
    }  # fmt: skip
