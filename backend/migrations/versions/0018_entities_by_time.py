"""entities: expression indexes on a record's time, for the lists at a desk

`GET /api/records/<kind>` lists a site's records of one kind newest first by
(time, id), a day or a range of days at a time, in pages (backend/records/listing.py).
With (kind, space, time, id) indexed, a page is one index range however many
records the site holds (bench/records_list.py). Records are timed by their
corrected time; review items by when they were opened. The expressions are the
ones `backend/sync_api/jsonpath.py` `JsonInt` writes.

Revision ID: 0018
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa

revision = '0018'
down_revision = '0019'
branch_labels = None
depends_on = None

INDEXES = {"ix_entities_kind_space_corrected_at": "corrected_at", "ix_entities_kind_space_created_at": "created_at"}


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for name, key in INDEXES.items():
        expr = f"CAST((data ->> '{key}') AS BIGINT)" if postgresql else f"json_extract(data, '$.{key}')"
        op.create_index(name, "entities", ["kind", "space", sa.text(expr), "id"])


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="entities")
