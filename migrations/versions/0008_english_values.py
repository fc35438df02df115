"""english values: stored routine statuses and categories and samling day kinds in English

Revision ID: 0008_english_values
Revises: 0007_accounts
Create Date: 2026-11-30 12:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0008_english_values"
down_revision = "0007_accounts"
branch_labels = None
depends_on = None

# (table, column, {Norwegian value: English value}). The audit log is append-only: its old
# details keep the words they were written with.
RENAMES = [
    (
        "routine",
        "status",
        {
            "utkast": "draft",
            "til_godkjenning": "pending",
            "godkjent": "approved",
            "utgatt": "expired",
        },
    ),
    (
        "routine",
        "category",
        {
            "innleggelse": "admission",
            "samarbeid": "collaboration",
            "vold_trusler": "violence_threats",
            "ny_ansatt": "new_employee",
            "fravaer": "absence",
            "avvik": "deviation",
            "dokumentasjon": "documentation",
            "tvang": "coercion",
            "lar": "oat",
            "selvmordsfare": "suicide_risk",
            "hjemmebesok": "home_visit",
        },
    ),
    ("samling_day", "kind", {"prosjektdag": "project", "temadag": "theme", "digitalt": "digital"}),
]


def _rename(forward: bool) -> None:
    """Rewrite each stored value (Norwegian -> English forward, back on downgrade)."""
    for table, column, values in RENAMES:
        target = sa.table(table, sa.column(column, sa.String))
        for norwegian, english in values.items():
            old, new = (norwegian, english) if forward else (english, norwegian)
            op.execute(target.update().where(target.c[column] == old).values({column: new}))


def upgrade():
    _rename(forward=True)


def downgrade():
    _rename(forward=False)
