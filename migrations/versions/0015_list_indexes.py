"""indexes for lists that grow: case lists and routines to read

Cases: published newest first, and a municipality's own by last change. Routines: the start
page's "to read", newest approval first.

Revision ID: 0015_list_indexes
Revises: 0014_survey_results_version
Create Date: 2026-11-30 12:45:00

"""

from alembic import op

revision = "0015_list_indexes"
down_revision = "0014_survey_results_version"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("shared_case", schema=None) as batch_op:
        batch_op.create_index("ix_shared_case_published", ["status", "published_at"], unique=False)
        batch_op.create_index(
            "ix_shared_case_municipality_updated", ["municipality_id", "updated_at"], unique=False
        )
    with op.batch_alter_table("routine", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_routine_approved_at"), ["approved_at"], unique=False)


def downgrade():
    with op.batch_alter_table("routine", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_routine_approved_at"))
    with op.batch_alter_table("shared_case", schema=None) as batch_op:
        batch_op.drop_index("ix_shared_case_municipality_updated")
        batch_op.drop_index("ix_shared_case_published")
