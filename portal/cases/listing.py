"""Case lists: the network's published cases, a municipality's own, the review queue, and a
case's discussion."""

from sqlalchemy import Row, bindparam, false, func, select, true, union_all

from portal.cases.models import Case, CaseComment, CaseReflection, CaseStatus
from portal.core.pagination import Page, paginate
from portal.extensions import db
from portal.network.models import User

PER_PAGE = 25

# The published list is the same statement for every request: built once. Each row brings its
# number of comments, so the page needs no query of its own for them.
_PUBLISHED = (
    select(
        Case.id,
        Case.title,
        Case.region,
        Case.published_at,
        select(func.count())
        .where(CaseComment.case_id == Case.id)
        .correlate(Case)
        .scalar_subquery()
        .label("comments"),
    )
    .where(Case.status == CaseStatus.PUBLISHED, Case.withdrawn_at.is_(None))
    .order_by(Case.published_at.desc(), Case.id.desc())
)


def published_cases(page: int = 1, per_page: int = PER_PAGE) -> Page:
    """Cases visible to the whole network, newest first, one page at a time (the columns the
    list shows and each case's number of comments)."""
    return paginate(_PUBLISHED, page, per_page)


_MUNICIPALITY = (
    select(Case.id, Case.title, Case.status, Case.withdrawn_at, Case.updated_at)
    .where(Case.municipality_id == bindparam("municipality_id"))
    .order_by(Case.updated_at.desc(), Case.id.desc())
)


def municipality_cases(
    municipality_id: int | None, page: int = 1, per_page: int = PER_PAGE
) -> Page | None:
    """One municipality's cases (drafts, review, published, withdrawn), last changed first,
    one page at a time; None for a user without a municipality."""
    if municipality_id is None:
        return None
    return paginate(_MUNICIPALITY, page, per_page, municipality_id=municipality_id)


_REVIEW_QUEUE = (
    select(Case.id, Case.title, Case.region, Case.submitted_at)
    .where(
        Case.status == CaseStatus.REVIEW,
        Case.withdrawn_at.is_(None),
        Case.author_id != bindparam("reviewer_id"),
    )
    .order_by(Case.submitted_at)
)


def review_queue(user) -> list[Row]:
    """Cases waiting for review that this reviewer may decide (never their own)."""
    return list(db.session.execute(_REVIEW_QUEUE, {"reviewer_id": user.id}))


# A case's reflection questions and comments with their authors' names: one statement, built once.
_DISCUSSION = union_all(
    select(
        false().label("is_comment"),
        CaseReflection.id,
        CaseReflection.question.label("text"),
        false().label("legal_assessment"),
        CaseReflection.created_at,
        User.name.label("author_name"),
    )
    .join(User, User.id == CaseReflection.author_id)
    .where(CaseReflection.case_id == bindparam("case_id")),
    select(
        true(),
        CaseComment.id,
        CaseComment.body,
        CaseComment.legal_assessment,
        CaseComment.created_at,
        User.name,
    )
    .join(User, User.id == CaseComment.author_id)
    .where(CaseComment.case_id == bindparam("case_id")),
)


Discussion = tuple[tuple, ...]  # (is_comment, id, text, legal_assessment, created_at, author_name)


def discussion(case_id: int) -> tuple[Discussion, Discussion]:
    """A case's reflection questions and comments, each oldest first, with their authors'
    names, in one query: plain tuples of the discussion's columns, for memoised fragments."""
    rows = sorted(map(tuple, db.session.execute(_DISCUSSION, {"case_id": case_id})), key=_by_id)
    return tuple(row for row in rows if not row[0]), tuple(row for row in rows if row[0])


def _by_id(row: tuple) -> int:
    """A discussion row's id (its order of writing within its kind)."""
    return row[1]
