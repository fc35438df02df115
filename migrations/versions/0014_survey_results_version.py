"""surveys: results version, so cached aggregates and heatmaps are used until answers change

Revision ID: 0014_survey_results_version
Revises: 0012_mutual_aid
Create Date: 2026-11-30 12:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0014_survey_results_version"
down_revision = "0012_mutual_aid"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("survey", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("results_version", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade():
    # A plain DROP COLUMN (SQLite 3.35+): a batch copy of the table would trip the foreign keys
    # of the answers that point at it.
    op.drop_column("survey", "results_version")
