"""survey anonymity: scrub people and times from anonymous surveys' stored answers and audit log

Revision ID: 0015_survey_anonymity
Revises: 0015_list_indexes
Create Date: 2026-11-30 13:20:00

Anonymous responses keep no respondent and no timestamps, and the audit log records no
submission to an anonymous survey (only the number of answers when it closes). Rows written
before this rule are scrubbed here. The downgrade cannot bring erased data back: it does nothing.
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_survey_anonymity"
down_revision = "0015_list_indexes"
branch_labels = None
depends_on = None


def upgrade():
    survey = sa.table("survey", sa.column("id", sa.Integer), sa.column("anonymous", sa.Boolean))
    anonymous = sa.select(survey.c.id).where(survey.c.anonymous.is_(True))
    response = sa.table(
        "survey_response",
        sa.column("survey_id", sa.Integer),
        sa.column("respondent_id", sa.Integer),
        sa.column("updated_at", sa.DateTime),
        sa.column("submitted_at", sa.DateTime),
    )
    op.execute(
        response.update()
        .where(response.c.survey_id.in_(anonymous))
        .values(respondent_id=None, updated_at=None, submitted_at=None)
    )
    audit = sa.table(
        "audit_event",
        sa.column("action", sa.String),
        sa.column("object_type", sa.String),
        sa.column("object_id", sa.Integer),
    )
    op.execute(
        audit.delete().where(
            audit.c.action.in_(("survey.submitted", "survey.resubmitted")),
            audit.c.object_type == "Survey",
            audit.c.object_id.in_(anonymous),
        )
    )


def downgrade():
    pass
