"""Anonymous surveys: in the database nothing links a person to their answers."""

import re

import pytest
from sqlalchemy import inspect, select, text

from portal.audit import AuditEvent
from portal.extensions import db
from portal.surveys import answering, reporting, services
from portal.surveys.models import SurveyDraft, SurveyResponse, SurveySubmission
from tests.surveys.conftest import complete, questions_of, survey


@pytest.fixture
def anonymous(ctx, users, make_survey):
    """An anonymous member-level survey: two Bodø members submit, Fauske keeps a draft."""
    s = survey(make_survey(anonymous=True, audience="member"))
    answering.save_answers(users["member"], s, complete(s, 2, 4), submit=False)
    answering.save_answers(users["member"], s, complete(s, 2, 4), submit=True)
    answering.save_answers(users["colleague"], s, complete(s, 4, 2), submit=True)
    answering.save_answers(users["other"], s, complete(s, 3, 3), submit=False)
    db.session.commit()
    return s


def test_responses_carry_no_person_and_no_time(anonymous, users):
    rows = db.session.execute(
        text(
            "SELECT id, respondent_id, updated_at, submitted_at, slot, municipality_id "
            "FROM survey_response WHERE survey_id = :s"
        ),  # fmt: skip
        {"s": anonymous.id},
    ).all()
    assert len(rows) == 2
    for rid, respondent, updated, submitted, slot, municipality in rows:
        assert (respondent, updated, submitted, slot) == (None, None, None, None)
        assert re.fullmatch(r"[0-9a-f]{32}", rid)  # random, so insertion order tells nothing
        assert municipality == users["member"].municipality_id  # the group, for the results


def test_who_submitted_is_stored_apart_with_nothing_to_join_on(anonymous, users):
    columns = {c["name"] for c in inspect(db.engine).get_columns("survey_submission")}
    assert columns == {"survey_id", "user_id"}
    submitted = db.session.scalars(
        select(SurveySubmission.user_id).where(SurveySubmission.survey_id == anonymous.id)
    ).all()
    assert sorted(submitted) == sorted([users["member"].id, users["colleague"].id])
    for table in ("survey_response", "survey_answer"):
        for fk in inspect(db.engine).get_foreign_keys(table):
            assert fk["referred_table"] != "survey_submission"
    answer_columns = {c["name"] for c in inspect(db.engine).get_columns("survey_answer")}
    assert answer_columns == {"response_id", "question_id", "value"}


def test_drafts_are_personal_and_deleted_on_submit(anonymous, users):
    drafts = db.session.scalars(select(SurveyDraft)).all()
    assert [d.user_id for d in drafts] == [users["other"].id]  # only the unsent one is left


def test_audit_records_no_submission_only_the_count_at_close(anonymous, users):
    surveys = (AuditEvent.object_type == "Survey") & (AuditEvent.object_id == anonymous.id)
    actions = db.session.scalars(select(AuditEvent.action).where(surveys)).all()
    assert "survey.submitted" not in actions and "survey.resubmitted" not in actions
    people = {users["member"].id, users["colleague"].id}
    assert not set(db.session.scalars(select(AuditEvent.actor_id).where(surveys))) & people
    services.close_survey(users["moderator"], anonymous)
    db.session.commit()
    closed = db.session.scalar(
        select(AuditEvent).where(surveys, AuditEvent.action == "survey.closed")
    )
    assert (closed.actor_id, closed.detail) == (users["moderator"].id, "responses=2")


def test_second_submission_is_refused_without_a_link(anonymous, users):
    with pytest.raises(services.SurveyError, match="Du har allerede sendt inn"):
        answering.save_answers(users["member"], anonymous, complete(anonymous), submit=True)
    assert answering.answer_state(anonymous, users["member"]).submitted
    assert not answering.answer_state(anonymous, users["other"]).submitted
    assert db.session.scalar(select(db.func.count()).select_from(SurveyResponse)) == 2


def test_the_answers_are_there_for_the_results(anonymous):
    matrix_id = questions_of(anonymous)["matrix"].id
    result = reporting.results(anonymous, detailed=True)
    assert result.respondents == 2
    total = result.matrix.matrix.totals["LAR"]
    # Two answers from one municipality: fewer than three, so everything is hidden.
    assert total.hidden and result.matrix.question.id == matrix_id
    assert all(r.hidden for r in result.questions if r.question.kind == "number")
