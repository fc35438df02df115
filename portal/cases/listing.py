"""Case lists: the network's published cases, a municipality's own, the review queue."""

from sqlalchemy import Row, func, select

from portal.cases.models import Case, CaseComment, CaseStatus
from portal.core.pagination import Page, paginate
from portal.extensions import db

PER_PAGE = 25


def published_cases(page: int = 1, per_page: int = PER_PAGE) -> Page:
    """Cases visible to the whole network, newest first, one page at a time (the columns the
    list shows)."""
    query = (
        select(Case.id, Case.title, Case.region, Case.published_at)
        .where(Case.status == CaseStatus.PUBLISHED, Case.withdrawn_at.is_(None))
        .order_by(Case.published_at.desc(), Case.id.desc())
    )
    return paginate(query, page, per_page)


def comment_counts(cases: list[Row]) -> dict[int, int]:
    """How many comments each of these cases has (counted by the database)."""
    if not cases:
        return {}
    rows = db.session.execute(
        select(CaseComment.case_id, func.count())
        .where(CaseComment.case_id.in_([case.id for case in cases]))
        .group_by(CaseComment.case_id)
    )
    return {case_id: count for case_id, count in rows}


def municipality_cases(
    municipality_id: int | None, page: int = 1, per_page: int = PER_PAGE
) -> Page | None:
    """One municipality's cases (drafts, review, published, withdrawn), last changed first,
    one page at a time; None for a user without a municipality."""
    if municipality_id is None:
        return None
    query = (
        select(Case.id, Case.title, Case.status, Case.withdrawn_at, Case.updated_at)
        .where(Case.municipality_id == municipality_id)
        .order_by(Case.updated_at.desc(), Case.id.desc())
    )
    return paginate(query, page, per_page)


def review_queue(user) -> list[Row]:
    """Cases waiting for review that this reviewer may decide (never their own)."""
    return list(
        db.session.execute(
            select(Case.id, Case.title, Case.region, Case.submitted_at)
            .where(
                Case.status == CaseStatus.REVIEW,
                Case.withdrawn_at.is_(None),
                Case.author_id != user.id,
            )
            .order_by(Case.submitted_at)
        )
    )
