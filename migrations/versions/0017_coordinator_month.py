"""coordinator's month: debrief series with invitees, external attendees in the referat

Revision ID: 0017_coordinator_month
Revises: 0016_chat_identifier_warning
Create Date: 2026-11-30 13:25:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0017_coordinator_month"
down_revision = "0016_chat_identifier_warning"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "debrief_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("frequency", sa.String(length=10), nullable=False),
        sa.Column("first_date", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("moderator_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["moderator_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
    )
    op.create_table(
        "debrief_series_invitee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("invited_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["series_id"], ["debrief_series.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("series_id", "user_id"),
    )
    with op.batch_alter_table("debrief_series_invitee") as batch:
        batch.create_index("ix_debrief_series_invitee_series_id", ["series_id"])
        batch.create_index("ix_debrief_series_invitee_user_id", ["user_id"])
    op.create_table(
        "minutes_external",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("minutes_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["minutes_id"], ["minutes.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("minutes_external") as batch:
        batch.create_index("ix_minutes_external_minutes_id", ["minutes_id"])


def downgrade():
    op.drop_table("minutes_external")
    op.drop_table("debrief_series_invitee")
    op.drop_table("debrief_series")
