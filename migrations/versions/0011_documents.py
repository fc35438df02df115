"""documents: stored file contents by SHA-256 and attachments on other features' objects

Revision ID: 0011_documents
Revises: 0010_search
Create Date: 2026-11-30 12:08:43

"""

import sqlalchemy as sa
from alembic import op

revision = "0011_documents"
down_revision = "0010_search"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "document_blob",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_document_blob")),
    )
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_kind", sa.String(length=30), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("previous_id", sa.Integer(), nullable=True),
        sa.Column("replaced_at", sa.DateTime(), nullable=True),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.Column("finding_kinds", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["previous_id"], ["attachment.id"], name=op.f("fk_attachment_previous_id_attachment")
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["document_blob.sha256"], name=op.f("fk_attachment_sha256_document_blob")
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["user.id"], name=op.f("fk_attachment_uploaded_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index("ix_attachment_owner", ["owner_kind", "owner_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_attachment_previous_id"), ["previous_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_attachment_sha256"), ["sha256"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_attachment_uploaded_by_id"), ["uploaded_by_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_uploaded_by_id"))
        batch_op.drop_index(batch_op.f("ix_attachment_sha256"))
        batch_op.drop_index(batch_op.f("ix_attachment_previous_id"))
        batch_op.drop_index("ix_attachment_owner")

    op.drop_table("attachment")
    op.drop_table("document_blob")
