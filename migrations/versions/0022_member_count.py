"""member count: each municipality's active members kept by triggers on "user"

The network page showed each municipality's active members by counting them on every view:
every member's index entry read, which grows with the network. The count is now a column the
database keeps: triggers on "user" add and subtract as members are created, deactivated,
reactivated, moved or deleted, whatever writes the row (the portal, a bulk insert, a console).
The column starts from a count of today's members.

Revision ID: 0022_member_count
Revises: 0021_member_list_order
Create Date: 2026-12-01 05:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0022_member_count"
down_revision = "0021_member_list_order"
branch_labels = None
depends_on = None

ADD = "UPDATE municipality SET member_count = member_count + 1 WHERE id = NEW.municipality_id"
SUBTRACT = "UPDATE municipality SET member_count = member_count - 1 WHERE id = OLD.municipality_id"
SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER user_member_count_insert AFTER INSERT ON "user"
    WHEN NEW.active AND NEW.municipality_id IS NOT NULL BEGIN {ADD}; END""",
    f"""CREATE TRIGGER user_member_count_delete AFTER DELETE ON "user"
    WHEN OLD.active AND OLD.municipality_id IS NOT NULL BEGIN {SUBTRACT}; END""",
    f"""CREATE TRIGGER user_member_count_update AFTER UPDATE OF active, municipality_id ON "user"
    BEGIN
      {SUBTRACT} AND OLD.active;
      {ADD} AND NEW.active;
    END""",
)
POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION user_member_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.active THEN
    {SUBTRACT};
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.active THEN
    {ADD};
  END IF;
  RETURN NULL;
END $$"""
POSTGRESQL_TRIGGER = """CREATE TRIGGER user_member_count
AFTER INSERT OR DELETE OR UPDATE OF active, municipality_id ON "user"
FOR EACH ROW EXECUTE FUNCTION user_member_count()"""


def upgrade():
    with op.batch_alter_table("municipality", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("member_count", sa.Integer(), server_default="0", nullable=False)
        )
    op.execute(
        """UPDATE municipality SET member_count = (SELECT count(*) FROM "user"
        WHERE "user".municipality_id = municipality.id AND "user".active = true)"""
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRESQL_FUNCTION)
        op.execute(POSTGRESQL_TRIGGER)
    else:
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute('DROP TRIGGER user_member_count ON "user"')
        op.execute("DROP FUNCTION user_member_count()")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER user_member_count_{name}")
    op.drop_column("municipality", "member_count")  # in place: other tables refer to it
