"""Routines: review dates, validation, writing drafts and versions, lists, comments."""

import calendar
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache

from flask_babel import gettext as _
from sqlalchemy import Row, bindparam, false, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portal import audit, text
from portal.access import can, is_coordinator, routine_owner
from portal.core.dates import utcnow
from portal.core.loading import read_rows
from portal.core.pagination import Page, paginate
from portal.documents import services as documents
from portal.extensions import db
from portal.network.models import Role, User
from portal.rutiner.diff import Diff, SectionPair, compare_rendered, diff_texts
from portal.rutiner.models import (
    CATEGORIES,
    REVIEW_INTERVALS,
    SHARED_OWNER,
    ReadConfirmation,
    Routine,
    RoutineComment,
    RoutineVersion,
    Status,
)

MAX_BODY_BYTES = 1_000_000
REMINDER_MONTHS = 2
PER_PAGE = 25
SORTS = {
    "tittel": (Routine.title.asc(), Routine.id.asc()),
    "endret": (Routine.updated_at.desc(), Routine.id.desc()),
    "revisjon": (Routine.next_review_date.is_(None), Routine.next_review_date.asc(), Routine.id),
}
LISTED_COLUMNS = (  # what a list row shows (templates/rutiner/_rows.html), nothing more
    Routine.id,
    Routine.title,
    Routine.status,
    Routine.category,
    Routine.released_version_id,
    Routine.next_review_date,
    Routine.municipality_id,  # the owner, named from municipalities() (row_values)
)


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


@lru_cache(maxsize=1024)  # pure, and asked once per listed routine for the same day
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
        raise RoutineError(_("Rutinen må ha en tittel."))
    if len(body.encode("utf-8")) > MAX_BODY_BYTES:
        raise RoutineError(_("Teksten er større enn 1 MB. Del rutinen opp eller gjør den kortere."))


def check_settings(category: str, interval: int) -> None:
    """Refuse an unknown category or review interval."""
    if category not in CATEGORIES:
        raise RoutineError(_("Velg en kategori fra listen."))
    if interval not in REVIEW_INTERVALS:
        raise RoutineError(_("Velg et revisjonsintervall på 6, 12, 24 eller 36 måneder."))


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
        raise RoutineError(_("Den ansvarlige må høre til kommunen som eier rutinen."))


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
        raise RoutineError(_("Rutinen er utgått og kan ikke endres. Lag en ny rutine i stedet."))
    base = get_version(routine, base_number)
    version = _new_version(actor, routine, base_number, title, body, change_note, now or utcnow())
    if base is not None:
        documents.carry_over(actor, "routine_version", base.id, version.id)
    if routine.status == Status.PENDING:
        audit.record(actor, "routine.status_changed", routine, detail="pending->draft")
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


def _owner_clause(owns_municipal: bool, owns_shared: bool):
    """SQL: routines the user owns (and so may see as drafts): their municipality's (its id
    bound as ``own_place``) when ``owns_municipal``, the network-wide ones when ``owns_shared``."""
    clauses = []
    if owns_municipal:
        clauses.append(Routine.municipality_id == bindparam("own_place"))
    if owns_shared:
        clauses.append(Routine.municipality_id.is_(None))
    return or_(*clauses) if clauses else false()


_LISTED_STATUSES = (Status.APPROVED, Status.EXPIRED, Status.DRAFT, Status.PENDING)
_OWNER_TAGGED = (Status.DRAFT, Status.PENDING)


def list_routines(user: User, filters: Filters, per_page: int = PER_PAGE) -> Page:
    """The routines the user may see, filtered, sorted and paginated (rows of LISTED_COLUMNS)."""
    place = filters.municipality if filters.municipality == "felles" else ""
    values = {"own_place": user.municipality_id}
    if filters.municipality.isdigit():
        place, values["place"] = "id", int(filters.municipality)
    if filters.category in CATEGORIES:
        values["category"] = filters.category
    if filters.query.strip():
        values["pattern"] = "%" + filters.query.strip().replace("%", "").replace("_", "") + "%"
    statement = _list_statement(
        user.municipality_id is not None,
        is_coordinator(user),
        place,
        "category" in values,
        filters.status if filters.status in _LISTED_STATUSES else "",
        "pattern" in values,
        filters.sort if filters.sort in SORTS else "tittel",
    )
    return paginate(statement, filters.page, per_page, **values)


@lru_cache(maxsize=256)
def _list_statement(
    owns_municipal: bool,
    owns_shared: bool,
    place: str,
    by_category: bool,
    status: str,
    by_pattern: bool,
    sort: str,
):
    """The list's statement for one shape of user and filters, built once: the values (the
    user's and the chosen municipality, category, search pattern) are bound at execution."""
    owned = _owner_clause(owns_municipal, owns_shared)
    where = [or_(Routine.released_version_id.is_not(None), owned)]
    if place == "felles":
        where.append(Routine.municipality_id.is_(None))
    elif place == "id":
        where.append(Routine.municipality_id == bindparam("place"))
    if by_category:
        where.append(Routine.category == bindparam("category"))
    if status == Status.APPROVED:
        where.append(Routine.released_version_id.is_not(None))
        where.append(Routine.status != Status.EXPIRED)
    elif status == Status.EXPIRED:
        where.append(Routine.status == Status.EXPIRED)
    elif status in (Status.DRAFT, Status.PENDING):
        where += [Routine.status == status, owned]
    if by_pattern:
        pattern = bindparam("pattern")
        where.append(or_(Routine.title.ilike(pattern), Routine.tags.ilike(pattern)))
    return select(*LISTED_COLUMNS).where(*where).order_by(*SORTS[sort])


def row_values(
    user: User, rows, owners: dict[int, str], categories: dict[str, str], today: date
) -> tuple[tuple, ...]:
    """What each listed routine's row shows, in routine_rows' order (templates/rutiner/_rows.html);
    ``owners`` names the municipalities by id."""
    values = []
    for row in rows:
        # unpacked in LISTED_COLUMNS' order: a Row's attribute costs some 20 times its item
        id_, title, status, category, released_id, review_date, municipality_id = row
        values.append((
            id_,
            title,
            owners.get(municipality_id, SHARED_OWNER),
            categories.get(category, category),
            status,
            released_id is not None,
            # the owner's tags show only on drafts and pending routines: asked only there
            status in _OWNER_TAGGED and can(user, "rutiner.view_draft", row),
            review_light(review_date, today),
            review_date,
        ))  # fmt: skip
    return tuple(values)


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
        raise RoutineError(_("Skriv en kommentar før du sender."))
    if len(body) > 10_000:
        raise RoutineError(_("Kommentaren kan ikke være lengre enn 10 000 tegn."))
    comment = RoutineComment(routine_id=routine.id, author_id=actor.id, body=body.strip())
    db.session.add(comment)
    return comment


def comments(routine: Routine) -> list[Row]:
    """The routine's comments, oldest first: rows of id, author_id, author_name, body and
    created_at (what the page shows, and what the delete rule reads)."""
    return read_rows(_COMMENTS, routine_id=routine.id)


_COMMENTS = (
    select(
        RoutineComment.id,
        RoutineComment.author_id,
        User.name.label("author_name"),
        RoutineComment.body,
        RoutineComment.created_at,
    )
    .join(User, RoutineComment.author_id == User.id)
    .where(RoutineComment.routine_id == bindparam("routine_id"))
    .order_by(RoutineComment.created_at, RoutineComment.id)
)


def delete_comment(actor: User, comment: RoutineComment) -> None:
    """Delete a comment (audited)."""
    audit.record(actor, "routine.comment_deleted", comment, detail=f"routine={comment.routine_id}")
    db.session.delete(comment)


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
