"""Competence-gap surveys: questions in sections, responses, and who has submitted.

Anonymity lives in the schema: a response never names its respondent in an anonymous survey,
and the table of who has submitted (``survey_submission``) shares no id, no key and no
timestamp with the responses, so double submission is refused without linking people to
answers. Response ids are random, so not even the insertion order can be matched.
"""

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.dates import utcnow
from portal.extensions import db
from portal.network.models import Municipality, User


class Audience(StrEnum):
    """Who answers: one response per municipality, or one per member."""

    MUNICIPALITY = "municipality"
    MEMBER = "member"


class SurveyStatus(StrEnum):
    """Draft (being prepared), open (accepting answers), closed."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class QuestionKind(StrEnum):
    """The question types."""

    MATRIX = "matrix"
    SINGLE = "single"
    MULTIPLE = "multiple"
    SCALE = "scale"
    NUMBER = "number"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"


KIND_LABELS = {
    QuestionKind.MATRIX: _l("Kompetansematrise (nivå, behov, prioritet)"),
    QuestionKind.SINGLE: _l("Ett valg"),
    QuestionKind.MULTIPLE: _l("Flere valg"),
    QuestionKind.SCALE: _l("Skala 1–5"),
    QuestionKind.NUMBER: _l("Tall"),
    QuestionKind.SHORT_TEXT: _l("Kort tekst"),
    QuestionKind.LONG_TEXT: _l("Lang tekst"),
}

STATUS_LABELS = {
    SurveyStatus.DRAFT: _l("Utkast"),
    SurveyStatus.OPEN: _l("Åpen"),
    SurveyStatus.CLOSED: _l("Stengt"),
}


def _random_id() -> str:
    """A random response id (no order, nothing to match against submission records)."""
    return uuid.uuid4().hex


class Survey(db.Model):
    """A survey: settings, dates and state; questions are grouped in ordered sections."""

    __tablename__ = "survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    intro: Mapped[str] = mapped_column(Text, default="")
    series: Mapped[str | None] = mapped_column(String(60), index=True)
    opens_on: Mapped[date]
    closes_on: Mapped[date]
    audience: Mapped[str] = mapped_column(String(20), default=Audience.MUNICIPALITY)
    anonymous: Mapped[bool] = mapped_column(default=False)
    contact_only: Mapped[bool] = mapped_column(default=True)
    allow_edit: Mapped[bool] = mapped_column(default=False)
    share_results: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20), default=SurveyStatus.DRAFT)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    # Raised whenever what the results show changes (a submission, opening, closing): the
    # cached aggregates and heatmaps of older versions are no longer used.
    results_version: Mapped[int] = mapped_column(default=0, server_default="0")

    created_by: Mapped[User] = relationship()
    sections: Mapped[list["SurveySection"]] = relationship(
        back_populates="survey", order_by="SurveySection.position", cascade="all, delete-orphan"
    )
    questions: Mapped[list["SurveyQuestion"]] = relationship(
        back_populates="survey",
        order_by="SurveyQuestion.position",
        cascade="all, delete-orphan",
    )

    @property
    def per_municipality(self) -> bool:
        """True when each municipality gives one joint answer."""
        return self.audience == Audience.MUNICIPALITY

    @property
    def protects_small_groups(self) -> bool:
        """Anonymous member-level surveys hide groups with fewer than three answers."""
        return self.anonymous and self.audience == Audience.MEMBER

    @property
    def results_sealed(self) -> bool:
        """Anonymous surveys show no results, heatmaps or exports until they are closed."""
        return self.anonymous and self.status != SurveyStatus.CLOSED

    @property
    def status_label(self) -> str:
        """The state in Norwegian."""
        return STATUS_LABELS[SurveyStatus(self.status)]

    def accepts_answers(self, today: date) -> bool:
        """True while the survey is open and today is within its dates."""
        return self.status == SurveyStatus.OPEN and self.opens_on <= today <= self.closes_on

    def ordered_questions(self) -> list["SurveyQuestion"]:
        """Questions in page order: by section, then by position."""
        return [q for section in self.sections for q in section.questions]


class SurveySection(db.Model):
    """An ordered group of questions with a heading."""

    __tablename__ = "survey_section"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))

    survey: Mapped[Survey] = relationship(back_populates="sections")
    questions: Mapped[list["SurveyQuestion"]] = relationship(
        back_populates="section", order_by="SurveyQuestion.position"
    )


class SurveyQuestion(db.Model):
    """One question; ``options`` holds the choices, or the competence areas of a matrix."""

    __tablename__ = "survey_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("survey_section.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(300))
    help_text: Mapped[str] = mapped_column(String(500), default="")
    required: Mapped[bool] = mapped_column(default=False)
    options: Mapped[list] = mapped_column(JSON, default=list)

    survey: Mapped[Survey] = relationship(back_populates="questions")
    section: Mapped[SurveySection] = relationship(back_populates="questions")

    @property
    def kind_label(self) -> str:
        """The question type in Norwegian."""
        return KIND_LABELS[QuestionKind(self.kind)]


class SurveyResponse(db.Model):
    """One response: the municipality's joint answer or a member's.

    ``slot`` is the municipality id in per-municipality surveys (unique, so a municipality
    answers once) and NULL otherwise. ``respondent_id`` and the timestamps stay NULL in
    anonymous surveys.
    """

    __tablename__ = "survey_response"
    __table_args__ = (
        UniqueConstraint("survey_id", "slot", name="uq_survey_response_slot"),
        UniqueConstraint("survey_id", "respondent_id", name="uq_survey_response_respondent"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_random_id)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    slot: Mapped[int | None]
    respondent_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    submitted: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]

    survey: Mapped[Survey] = relationship()
    municipality: Mapped[Municipality] = relationship()
    respondent: Mapped[User | None] = relationship()
    answers: Mapped[list["SurveyAnswer"]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )

    def values(self) -> dict[int, Any]:
        """Answers keyed by question id."""
        return {a.question_id: a.value for a in self.answers}


class SurveyAnswer(db.Model):
    """The answer to one question in one response (JSON: number, text, list or matrix)."""

    __tablename__ = "survey_answer"

    response_id: Mapped[str] = mapped_column(
        ForeignKey("survey_response.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id"), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")


class SurveySubmission(db.Model):
    """Who has submitted: only the survey and the person (no timestamp, no response id)."""

    __tablename__ = "survey_submission"

    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)


class SurveyDraft(db.Model):
    """A member's unsent answers in an anonymous member-level survey; deleted on submit."""

    __tablename__ = "survey_draft"

    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    values: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
