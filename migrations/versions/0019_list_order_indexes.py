"""list order indexes: published cases, routines by category, the network's contact people

The published case list leaves withdrawn cases out: a partial index of the cases not withdrawn
serves the list in its order and its count without table rows. The routine list filtered by
category is shown in title order and counted from the index. The network page lists contact
people by name and counts active members per municipality.

Revision ID: 0019_list_order_indexes
Revises: 0018_search_speed
Create Date: 2026-11-30 15:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0019_list_order_indexes"
down_revision = "0018_search_speed"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("shared_case", schema=None) as batch_op:
        batch_op.drop_index("ix_shared_case_published")
        batch_op.create_index(
            "ix_shared_case_published",
            ["status", "published_at"],
            unique=False,
            sqlite_where=sa.text("withdrawn_at IS NULL"),
            postgresql_where=sa.text("withdrawn_at IS NULL"),
        )
    with op.batch_alter_table("routine", schema=None) as batch_op:
        batch_op.drop_index("ix_routine_category")
        batch_op.create_index(
            "ix_routine_category_title",
            ["category", "title", "released_version_id", "municipality_id"],
            unique=False,
        )
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.create_index("ix_user_contacts", ["is_contact", "active", "name"], unique=False)
        batch_op.create_index(
            "ix_user_municipality_active", ["municipality_id", "active"], unique=False
        )


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_index("ix_user_municipality_active")
        batch_op.drop_index("ix_user_contacts")
    with op.batch_alter_table("routine", schema=None) as batch_op:
        batch_op.drop_index("ix_routine_category_title")
        batch_op.create_index("ix_routine_category", ["category"], unique=False)
    with op.batch_alter_table("shared_case", schema=None) as batch_op:
        batch_op.drop_index("ix_shared_case_published")
        batch_op.create_index("ix_shared_case_published", ["status", "published_at"], unique=False)
