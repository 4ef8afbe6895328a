"""entities.closes_at: when a record leaves phones' windows (issue "Scale", PROTOCOL.md P5.6)

Rows written before this migration keep NULL (kept on phones) until their next
write; a site's pulls are then as before for them.

Revision ID: 0022
Revises: 0021
"""
from alembic import op
import sqlalchemy as sa

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entities") as batch:
        batch.add_column(sa.Column("closes_at", sa.BigInteger(), nullable=True))
    op.create_index("ix_entities_space_kind_closes", "entities", ["space", "kind", "closes_at"])
    # the pull's index covers closes_at: a crawl skips closed rows without reading them
    op.drop_index("ix_entities_space_kind_version", table_name="entities")
    op.create_index("ix_entities_space_kind_version", "entities", ["space", "kind", "version", "id", "closes_at"])


def downgrade() -> None:
    op.drop_index("ix_entities_space_kind_version", table_name="entities")
    op.create_index("ix_entities_space_kind_version", "entities", ["space", "kind", "version", "id"])
    op.drop_index("ix_entities_space_kind_closes", table_name="entities")
    with op.batch_alter_table("entities") as batch:
        batch.drop_column("closes_at")
