"""mutual aid, advisory unit, yearwheel

Revision ID: 0012_mutual_aid
Revises: 0011_documents
Create Date: 2026-11-30 12:06:12

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012_mutual_aid"
down_revision = "0011_documents"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "advisory_adviser",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["added_by_id"], ["user.id"], name=op.f("fk_advisory_adviser_added_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_advisory_adviser_user_id_user")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_advisory_adviser")),
    )
    op.create_table(
        "aid_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("competence", sa.String(length=120), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("digital", sa.Boolean(), nullable=False),
        sa.Column("place", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("identifier_reason", sa.String(length=300), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_aid_request_created_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_aid_request_municipality_id_municipality"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aid_request")),
    )
    with op.batch_alter_table("aid_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_aid_request_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_aid_request_status"), ["status"], unique=False)

    op.create_table(
        "aid_service_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=30), nullable=False),
        sa.Column("positions", sa.Double(), nullable=False),
        sa.Column("vacancies", sa.Integer(), nullable=False),
        sa.Column("long_absence", sa.Integer(), nullable=False),
        sa.Column("users_per_employee", sa.Double(), nullable=True),
        sa.Column("light", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_aid_service_status_municipality_id_municipality"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["user.id"], name=op.f("fk_aid_service_status_recorded_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aid_service_status")),
    )
    with op.batch_alter_table("aid_service_status", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_aid_service_status_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_aid_service_status_recorded_at"), ["recorded_at"], unique=False
        )

    op.create_table(
        "yearwheel_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_yearwheel_event_created_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_yearwheel_event")),
    )
    with op.batch_alter_table("yearwheel_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_yearwheel_event_starts_on"), ["starts_on"], unique=False
        )

    op.create_table(
        "advisory_consultation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("asker_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("first_answered_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["asker_id"], ["user.id"], name=op.f("fk_advisory_consultation_asker_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["shared_case.id"],
            name=op.f("fk_advisory_consultation_case_id_shared_case"),
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_advisory_consultation_municipality_id_municipality"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advisory_consultation")),
    )
    with op.batch_alter_table("advisory_consultation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_advisory_consultation_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_advisory_consultation_municipality_id"),
            ["municipality_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_advisory_consultation_status"), ["status"], unique=False
        )

    op.create_table(
        "aid_offer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("competence", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_aid_offer_created_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
            name=op.f("fk_aid_offer_municipality_id_municipality"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"], ["aid_request.id"], name=op.f("fk_aid_offer_request_id_aid_request")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aid_offer")),
    )
    with op.batch_alter_table("aid_offer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_aid_offer_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_aid_offer_request_id"), ["request_id"], unique=False)

    op.create_table(
        "advisory_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("from_unit", sa.Boolean(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("identifier_reason", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user.id"], name=op.f("fk_advisory_message_author_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["advisory_consultation.id"],
            name=op.f("fk_advisory_message_consultation_id_advisory_consultation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advisory_message")),
    )
    with op.batch_alter_table("advisory_message", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_advisory_message_consultation_id"), ["consultation_id"], unique=False
        )

    op.create_table(
        "aid_agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("requester_municipality_id", sa.Integer(), nullable=False),
        sa.Column("helper_municipality_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("cost_settlement", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("helper_confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("helper_confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("evaluation", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["closed_by_id"], ["user.id"], name=op.f("fk_aid_agreement_closed_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_aid_agreement_created_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["helper_confirmed_by_id"],
            ["user.id"],
            name=op.f("fk_aid_agreement_helper_confirmed_by_id_user"),
        ),
        sa.ForeignKeyConstraint(
            ["helper_municipality_id"],
            ["municipality.id"],
            name=op.f("fk_aid_agreement_helper_municipality_id_municipality"),
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["aid_offer.id"], name=op.f("fk_aid_agreement_offer_id_aid_offer")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"], ["aid_request.id"], name=op.f("fk_aid_agreement_request_id_aid_request")
        ),
        sa.ForeignKeyConstraint(
            ["requester_municipality_id"],
            ["municipality.id"],
            name=op.f("fk_aid_agreement_requester_municipality_id_municipality"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aid_agreement")),
        sa.UniqueConstraint("offer_id", name=op.f("uq_aid_agreement_offer_id")),
        sa.UniqueConstraint("request_id", name=op.f("uq_aid_agreement_request_id")),
    )
    with op.batch_alter_table("aid_agreement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_aid_agreement_helper_municipality_id"),
            ["helper_municipality_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_aid_agreement_requester_municipality_id"),
            ["requester_municipality_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("aid_agreement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_aid_agreement_requester_municipality_id"))
        batch_op.drop_index(batch_op.f("ix_aid_agreement_helper_municipality_id"))

    op.drop_table("aid_agreement")
    with op.batch_alter_table("advisory_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_advisory_message_consultation_id"))

    op.drop_table("advisory_message")
    with op.batch_alter_table("aid_offer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_aid_offer_request_id"))
        batch_op.drop_index(batch_op.f("ix_aid_offer_municipality_id"))

    op.drop_table("aid_offer")
    with op.batch_alter_table("advisory_consultation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_advisory_consultation_status"))
        batch_op.drop_index(batch_op.f("ix_advisory_consultation_municipality_id"))
        batch_op.drop_index(batch_op.f("ix_advisory_consultation_case_id"))

    op.drop_table("advisory_consultation")
    with op.batch_alter_table("yearwheel_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_yearwheel_event_starts_on"))

    op.drop_table("yearwheel_event")
    with op.batch_alter_table("aid_service_status", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_aid_service_status_recorded_at"))
        batch_op.drop_index(batch_op.f("ix_aid_service_status_municipality_id"))

    op.drop_table("aid_service_status")
    with op.batch_alter_table("aid_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_aid_request_status"))
        batch_op.drop_index(batch_op.f("ix_aid_request_municipality_id"))

    op.drop_table("aid_request")
    op.drop_table("advisory_adviser")
