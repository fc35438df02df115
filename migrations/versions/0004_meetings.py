"""meetings: samlinger, days, agenda, registrations, minutes, homework, calendar feeds

Revision ID: 0004_meetings
Revises: 0003_cases
Create Date: 2026-11-22 19:26:53.935990

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004_meetings"
down_revision = "0003_cases"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "calendar_feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_calendar_feed_user_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feed")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feed_token_hash")),
        sa.UniqueConstraint("user_id", name=op.f("uq_calendar_feed_user_id")),
    )
    op.create_table(
        "samling",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("season", sa.Integer(), nullable=False),
        sa.Column("tentative_when", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("registration_deadline", sa.Date(), nullable=True),
        sa.Column("organizer_id", sa.Integer(), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organizer_id"], ["user.id"], name=op.f("fk_samling_organizer_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_samling")),
    )
    with op.batch_alter_table("samling", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_samling_season"), ["season"], unique=False)

    op.create_table(
        "action_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("samling_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("responsible", sa.String(length=20), nullable=False),
        sa.Column("responsible_municipality_id", sa.Integer(), nullable=True),
        sa.Column("responsible_user_id", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("key_figure", sa.String(length=120), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_action_item_created_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["responsible_municipality_id"],
            ["municipality.id"],
            name=op.f("fk_action_item_responsible_municipality_id_municipality"),
        ),
        sa.ForeignKeyConstraint(
            ["responsible_user_id"],
            ["user.id"],
            name=op.f("fk_action_item_responsible_user_id_user"),
        ),
        sa.ForeignKeyConstraint(
            ["samling_id"], ["samling.id"], name=op.f("fk_action_item_samling_id_samling")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_item")),
    )
    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_item_samling_id"), ["samling_id"], unique=False)

    op.create_table(
        "minutes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("samling_id", sa.Integer(), nullable=False),
        sa.Column("decisions", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["published_by_id"], ["user.id"], name=op.f("fk_minutes_published_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["samling_id"], ["samling.id"], name=op.f("fk_minutes_samling_id_samling")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["user.id"], name=op.f("fk_minutes_updated_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes")),
        sa.UniqueConstraint("samling_id", name=op.f("uq_minutes_samling_id")),
    )
    op.create_table(
        "samling_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("samling_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("end_time", sa.Time(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("video_link", sa.String(length=500), nullable=False),
        sa.Column("responsible_municipality_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["responsible_municipality_id"],
            ["municipality.id"],
            name=op.f("fk_samling_day_responsible_municipality_id_municipality"),
        ),
        sa.ForeignKeyConstraint(
            ["samling_id"], ["samling.id"], name=op.f("fk_samling_day_samling_id_samling")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_samling_day")),
    )
    with op.batch_alter_table("samling_day", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_samling_day_samling_id"), ["samling_id"], unique=False)

    op.create_table(
        "agenda_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("presenter", sa.String(length=120), nullable=False),
        sa.Column("presenter_municipality_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("link_url", sa.String(length=500), nullable=False),
        sa.Column("link_label", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["day_id"], ["samling_day.id"], name=op.f("fk_agenda_item_day_id_samling_day")
        ),
        sa.ForeignKeyConstraint(
            ["presenter_municipality_id"],
            ["municipality.id"],
            name=op.f("fk_agenda_item_presenter_municipality_id_municipality"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_item")),
    )
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_item_day_id"), ["day_id"], unique=False)

    op.create_table(
        "homework_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["user.id"], name=op.f("fk_homework_answer_answered_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["action_item.id"], name=op.f("fk_homework_answer_item_id_action_item")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_homework_answer_municipality_id_municipality"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homework_answer")),
        sa.UniqueConstraint("item_id", "municipality_id", name=op.f("uq_homework_answer_item_id")),
    )
    with op.batch_alter_table("homework_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_homework_answer_item_id"), ["item_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_homework_answer_municipality_id"), ["municipality_id"], unique=False
        )

    op.create_table(
        "minutes_attendee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("minutes_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["minutes_id"], ["minutes.id"], name=op.f("fk_minutes_attendee_minutes_id_minutes")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_minutes_attendee_municipality_id_municipality"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_minutes_attendee_user_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_attendee")),
        sa.UniqueConstraint("minutes_id", "user_id", name=op.f("uq_minutes_attendee_minutes_id")),
    )
    with op.batch_alter_table("minutes_attendee", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_minutes_attendee_minutes_id"), ["minutes_id"], unique=False
        )

    op.create_table(
        "minutes_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("minutes_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.Column("saved_by_id", sa.Integer(), nullable=True),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["minutes_id"], ["minutes.id"], name=op.f("fk_minutes_revision_minutes_id_minutes")
        ),
        sa.ForeignKeyConstraint(
            ["saved_by_id"], ["user.id"], name=op.f("fk_minutes_revision_saved_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_revision")),
    )
    with op.batch_alter_table("minutes_revision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_minutes_revision_minutes_id"), ["minutes_id"], unique=False
        )

    op.create_table(
        "municipality_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("minutes_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["minutes_id"], ["minutes.id"], name=op.f("fk_municipality_report_minutes_id_minutes")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_municipality_report_municipality_id_municipality"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_municipality_report")),
        sa.UniqueConstraint(
            "minutes_id", "municipality_id", name=op.f("uq_municipality_report_minutes_id")
        ),
    )
    with op.batch_alter_table("municipality_report", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_municipality_report_minutes_id"), ["minutes_id"], unique=False
        )

    op.create_table(
        "registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("overnight", sa.Boolean(), nullable=False),
        sa.Column("dietary", sa.String(length=200), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("reminded_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["day_id"], ["samling_day.id"], name=op.f("fk_registration_day_id_samling_day")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_registration_user_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration")),
        sa.UniqueConstraint("day_id", "user_id", name=op.f("uq_registration_day_id")),
    )
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_registration_day_id"), ["day_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_registration_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registration_user_id"))
        batch_op.drop_index(batch_op.f("ix_registration_day_id"))

    op.drop_table("registration")
    with op.batch_alter_table("municipality_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_municipality_report_minutes_id"))

    op.drop_table("municipality_report")
    with op.batch_alter_table("minutes_revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_revision_minutes_id"))

    op.drop_table("minutes_revision")
    with op.batch_alter_table("minutes_attendee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_attendee_minutes_id"))

    op.drop_table("minutes_attendee")
    with op.batch_alter_table("homework_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_homework_answer_municipality_id"))
        batch_op.drop_index(batch_op.f("ix_homework_answer_item_id"))

    op.drop_table("homework_answer")
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_item_day_id"))

    op.drop_table("agenda_item")
    with op.batch_alter_table("samling_day", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_samling_day_samling_id"))

    op.drop_table("samling_day")
    op.drop_table("minutes")
    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_item_samling_id"))

    op.drop_table("action_item")
    with op.batch_alter_table("samling", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_samling_season"))

    op.drop_table("samling")
    op.drop_table("calendar_feed")
