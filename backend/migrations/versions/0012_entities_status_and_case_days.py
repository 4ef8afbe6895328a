"""entities: expression indexes on a record's status and on a case's accepted and closed days

The case register lists a site's cases by state, and the monthly statistics read
the cases closed in a month and those received in its weeks: without these the
cost follows every case the site ever had (bench/cases.py). The expressions are
the ones `backend/sync_api/jsonpath.py` `JsonText` writes, as for the day index of
migration 0002; lists by status of other kinds (open incidents, visitors inside)
use the status index too.

Revision ID: 0012
Revises: 0014
"""
from alembic import op
import sqlalchemy as sa

revision = '0012'
down_revision = '0014'
branch_labels = None
depends_on = None

INDEXES = {"ix_entities_kind_space_status": "status", "ix_entities_kind_space_accepted_day": "accepted_day",
           "ix_entities_kind_space_closed_day": "closed_day"}


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for name, key in INDEXES.items():
        expr = f"(data ->> '{key}')" if postgresql else f"json_extract(data, '$.{key}')"
        op.create_index(name, "entities", ["kind", "space", sa.text(expr)])


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="entities")
