"""member list order: a municipality's active members by name from one index

The municipality page lists its active members by name, 50 to a page: with the index in that
order a page reads its 50 rows instead of sorting every member, and the count reads the index
alone. It replaces the index of (municipality_id, active), its prefix, which still counts the
members per municipality on the network page.

Revision ID: 0021_member_list_order
Revises: 0020_search_one_pass
Create Date: 2026-12-01 04:55:00

"""

from alembic import op

revision = "0021_member_list_order"
down_revision = "0020_search_one_pass"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_index("ix_user_municipality_active")
        batch_op.create_index(
            "ix_user_municipality_members",
            ["municipality_id", "active", "name", "id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_index("ix_user_municipality_members")
        batch_op.create_index(
            "ix_user_municipality_active", ["municipality_id", "active"], unique=False
        )
