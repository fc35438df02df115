"""rutiner: routines, versions, read confirmations, comments

Revision ID: 0002_rutiner
Revises: 0001_foundation
Create Date: 2026-11-22 19:31:23.735536

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0002_rutiner"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None

ROUTINE_INDEXES = [
    "category", "municipality_id", "network_id", "next_review_date", "origin_routine_id",
    "responsible_id", "status", "title", "updated_at",
]  # fmt: skip


def upgrade():
    op.create_table(
        "routine",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("tags", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("responsible_id", sa.Integer(), nullable=False),
        sa.Column("review_interval_months", sa.Integer(), nullable=False),
        sa.Column("version_count", sa.Integer(), nullable=False),
        sa.Column("released_version_id", sa.Integer(), nullable=True),
        sa.Column("draft_version_id", sa.Integer(), nullable=True),
        sa.Column("read_from_number", sa.Integer(), nullable=False),
        sa.Column("approver_id", sa.Integer(), nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("return_comment", sa.Text(), nullable=True),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.Column("next_review_date", sa.Date(), nullable=True),
        sa.Column("origin_routine_id", sa.Integer(), nullable=True),
        sa.Column("origin_version_number", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["approver_id"], ["user.id"], name=op.f("fk_routine_approver_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_routine_municipality_id_municipality"),
        ),
        sa.ForeignKeyConstraint(
            ["network_id"], ["network.id"], name=op.f("fk_routine_network_id_network")
        ),
        sa.ForeignKeyConstraint(
            ["origin_routine_id"], ["routine.id"], name=op.f("fk_routine_origin_routine_id_routine")
        ),
        sa.ForeignKeyConstraint(
            ["responsible_id"], ["user.id"], name=op.f("fk_routine_responsible_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"], ["user.id"], name=op.f("fk_routine_submitted_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routine")),
    )
    with op.batch_alter_table("routine", schema=None) as batch_op:
        for column in ROUTINE_INDEXES:
            batch_op.create_index(batch_op.f(f"ix_routine_{column}"), [column], unique=False)

    op.create_table(
        "routine_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("routine_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("change_note", sa.String(length=300), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("significant", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_by_id"], ["user.id"], name=op.f("fk_routine_version_approved_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user.id"], name=op.f("fk_routine_version_author_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["routine_id"], ["routine.id"], name=op.f("fk_routine_version_routine_id_routine")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routine_version")),
        sa.UniqueConstraint("routine_id", "number", name=op.f("uq_routine_version_routine_id")),
    )
    with op.batch_alter_table("routine_version", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_routine_version_routine_id"), ["routine_id"], unique=False
        )

    op.create_table(
        "routine_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("routine_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user.id"], name=op.f("fk_routine_comment_author_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["routine_id"], ["routine.id"], name=op.f("fk_routine_comment_routine_id_routine")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routine_comment")),
    )
    with op.batch_alter_table("routine_comment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_routine_comment_routine_id"), ["routine_id"], unique=False
        )

    op.create_table(
        "routine_read",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("routine_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["routine_id"], ["routine.id"], name=op.f("fk_routine_read_routine_id_routine")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_routine_read_user_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routine_read")),
        sa.UniqueConstraint("routine_id", "user_id", name=op.f("uq_routine_read_routine_id")),
    )
    with op.batch_alter_table("routine_read", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_routine_read_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("routine_read", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_routine_read_user_id"))
    op.drop_table("routine_read")

    with op.batch_alter_table("routine_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_routine_comment_routine_id"))
    op.drop_table("routine_comment")

    with op.batch_alter_table("routine_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_routine_version_routine_id"))
    op.drop_table("routine_version")

    with op.batch_alter_table("routine", schema=None) as batch_op:
        for column in reversed(ROUTINE_INDEXES):
            batch_op.drop_index(batch_op.f(f"ix_routine_{column}"))
    op.drop_table("routine")
