"""entities.id index: a push looks up its new records by id alone (prefetch)

Revision ID: 0003
Revises: 0002
"""
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_entities_id", "entities", ["id"])


def downgrade() -> None:
    op.drop_index("ix_entities_id", table_name="entities")
