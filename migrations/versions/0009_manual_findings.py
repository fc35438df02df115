"""manual findings: a reviewer marks text the scan missed; regions span two municipalities

Revision ID: 0009_manual_findings
Revises: 0008_english_values
Create Date: 2026-11-30 12:15:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0009_manual_findings"
down_revision = "0008_english_values"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "case_marking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["shared_case.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "field", "text"),
    )
    with op.batch_alter_table("case_marking", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_marking_case_id"), ["case_id"], unique=False)
    # «Ytre Salten» is folded into the Bodø region: no region names a single municipality.
    op.execute("UPDATE shared_case SET region = 'bodo' WHERE region = 'outer'")


def downgrade():
    with op.batch_alter_table("case_marking", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_marking_case_id"))
    op.drop_table("case_marking")
