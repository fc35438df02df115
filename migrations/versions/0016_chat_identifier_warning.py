"""chat identifier warning: mark messages sent although the writer was warned of an identifier

Revision ID: 0016_chat_identifier_warning
Revises: 0015_survey_anonymity
Create Date: 2026-11-30 13:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0016_chat_identifier_warning"
down_revision = "0015_survey_anonymity"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("debrief_message", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "identifier_warning_overridden",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )


def downgrade():
    with op.batch_alter_table("debrief_message", schema=None) as batch_op:
        batch_op.drop_column("identifier_warning_overridden")
