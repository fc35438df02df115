"""debriefing: sessions, participants, chat messages and connections, defusing requests and duty

Revision ID: 0006_debrief
Revises: 0005_surveys
Create Date: 2026-11-22 19:31:38.896794

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006_debrief"
down_revision = "0005_surveys"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "debrief_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("moderator_id", sa.Integer(), nullable=False),
        sa.Column("procedure", sa.Text(), nullable=False),
        sa.Column("procedure_link", sa.String(length=500), nullable=False),
        sa.Column("video_url", sa.String(length=500), nullable=False),
        sa.Column("series_uid", sa.String(length=36), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("purged_at", sa.DateTime(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_debrief_session_created_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["moderator_id"], ["user.id"], name=op.f("fk_debrief_session_moderator_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_debrief_session")),
    )
    with op.batch_alter_table("debrief_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_debrief_session_moderator_id"), ["moderator_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_debrief_session_series_uid"), ["series_uid"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_debrief_session_starts_at"), ["starts_at"], unique=False
        )

    op.create_table(
        "defusing_duty",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_defusing_duty_user_id_user")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_defusing_duty")),
    )
    op.create_table(
        "debrief_connection",
        sa.Column("sid", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("connected_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["debrief_session.id"],
            name=op.f("fk_debrief_connection_session_id_debrief_session"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_debrief_connection_user_id_user")
        ),
        sa.PrimaryKeyConstraint("sid", name=op.f("pk_debrief_connection")),
    )
    with op.batch_alter_table("debrief_connection", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_debrief_connection_session_id"), ["session_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_debrief_connection_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "debrief_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("author_ref", sa.String(length=20), nullable=False),
        sa.Column("author_label", sa.String(length=80), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user.id"], name=op.f("fk_debrief_message_author_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["debrief_session.id"],
            name=op.f("fk_debrief_message_session_id_debrief_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_debrief_message")),
    )
    with op.batch_alter_table("debrief_message", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_debrief_message_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "debrief_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=40), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.Column("muted_until", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["debrief_session.id"],
            name=op.f("fk_debrief_participant_session_id_debrief_session"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_debrief_participant_user_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_debrief_participant")),
        sa.UniqueConstraint(
            "session_id", "user_id", name=op.f("uq_debrief_participant_session_id")
        ),
    )
    with op.batch_alter_table("debrief_participant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_debrief_participant_session_id"), ["session_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_debrief_participant_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "defusing_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.Column("taken_by_id", sa.Integer(), nullable=True),
        sa.Column("taken_at", sa.DateTime(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["requester_id"], ["user.id"], name=op.f("fk_defusing_request_requester_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["debrief_session.id"],
            name=op.f("fk_defusing_request_session_id_debrief_session"),
        ),
        sa.ForeignKeyConstraint(
            ["taken_by_id"], ["user.id"], name=op.f("fk_defusing_request_taken_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_defusing_request")),
    )
    with op.batch_alter_table("defusing_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_defusing_request_requester_id"), ["requester_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("defusing_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_defusing_request_requester_id"))
    op.drop_table("defusing_request")
    with op.batch_alter_table("debrief_participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_debrief_participant_user_id"))
        batch_op.drop_index(batch_op.f("ix_debrief_participant_session_id"))
    op.drop_table("debrief_participant")
    with op.batch_alter_table("debrief_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_debrief_message_session_id"))
    op.drop_table("debrief_message")
    with op.batch_alter_table("debrief_connection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_debrief_connection_user_id"))
        batch_op.drop_index(batch_op.f("ix_debrief_connection_session_id"))
    op.drop_table("debrief_connection")
    op.drop_table("defusing_duty")
    with op.batch_alter_table("debrief_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_debrief_session_starts_at"))
        batch_op.drop_index(batch_op.f("ix_debrief_session_series_uid"))
        batch_op.drop_index(batch_op.f("ix_debrief_session_moderator_id"))
    op.drop_table("debrief_session")
