"""The filters behind the main list pages are served by indexes (EXPLAIN on the real engine)."""

import pytest
from sqlalchemy import select, text

from portal.audit import AuditEvent
from portal.cases.models import Case
from portal.debrief.models import ChatMessage
from portal.extensions import db
from portal.meetings.models import Registration, SamlingDay
from portal.network.models import User
from portal.rutiner.models import Routine, RoutineVersion
from portal.surveys.models import SurveyResponse

LIST_QUERIES = {
    "routines of a municipality": (
        select(Routine).where(Routine.municipality_id == 1),
        {"ix_routine_municipality_id"},
    ),
    "routines by status": (
        select(Routine).where(Routine.status == "approved"),
        {"ix_routine_status"},
    ),
    "routines by category, in title order": (
        select(Routine)
        .where(Routine.category == "admission")
        .order_by(Routine.title, Routine.id)
        .limit(25),
        {"ix_routine_category_title"},
    ),
    "versions of a routine": (
        select(RoutineVersion).where(RoutineVersion.routine_id == 1),
        {"ix_routine_version_routine_id"},
    ),
    "cases of a municipality": (
        select(Case).where(Case.municipality_id == 1),
        {"ix_shared_case_municipality_id", "ix_shared_case_municipality_updated"},
    ),
    "cases by status": (
        select(Case).where(Case.status == "publisert"),
        {"ix_shared_case_status", "ix_shared_case_published"},
    ),
    "published cases, newest first": (
        select(Case)
        .where(Case.status == "published", Case.withdrawn_at.is_(None))
        .order_by(Case.published_at.desc(), Case.id.desc())
        .limit(25),
        {"ix_shared_case_published"},
    ),
    "own cases, last changed first": (
        select(Case)
        .where(Case.municipality_id == 1)
        .order_by(Case.updated_at.desc(), Case.id.desc())
        .limit(25),
        {"ix_shared_case_municipality_updated"},
    ),
    "audit events of a person": (
        select(AuditEvent).where(AuditEvent.actor_id == 1),
        {"ix_audit_event_actor_id"},
    ),
    "days of a samling": (
        select(SamlingDay).where(SamlingDay.samling_id == 1),
        {"ix_samling_day_samling_id"},
    ),
    "registrations for a day": (
        select(Registration).where(Registration.day_id == 1),
        {"ix_registration_day_id"},
    ),
    "chat history of a session": (
        select(ChatMessage).where(ChatMessage.session_id == 1),
        {"ix_debrief_message_session_id"},
    ),
    "answers to a survey": (
        select(SurveyResponse).where(SurveyResponse.survey_id == 1),
        {"ix_survey_response_survey_id"},
    ),
    "contact people by name": (
        select(User).where(User.is_contact.is_(True), User.active.is_(True)).order_by(User.name),
        # PostgreSQL's btree takes "active = true" from «IS TRUE» only through the other index
        {"ix_user_contacts", "ix_user_municipality_active"},
    ),
    "members of a municipality": (
        select(User).where(User.municipality_id == 1),
        {"ix_user_municipality_id", "ix_user_municipality_active"},
    ),
}


def query_plan(statement) -> str:
    """The engine's plan for ``statement``, with sequential scans discouraged on PostgreSQL
    so that the plan shows whether an index can serve the filter at all (tables are tiny)."""
    sql = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        rows = db.session.execute(text(f"EXPLAIN {sql}")).scalars().all()
    else:
        rows = [row[-1] for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]
    db.session.rollback()
    return "\n".join(rows)


@pytest.mark.parametrize("name", sorted(LIST_QUERIES))
def test_list_filter_uses_an_index(ctx, name):
    statement, indexes = LIST_QUERIES[name]
    plan = query_plan(statement)
    if db.engine.dialect.name == "postgresql":
        # Which of several usable indexes PostgreSQL picks for a tiny table depends on the
        # statistics earlier tests' rows left behind; a sequential scan means none is usable.
        assert "Seq Scan" not in plan, f"{name}: no index in plan\n{plan}"
    else:
        assert any(index in plan for index in indexes), f"{name}: no index in plan\n{plan}"
