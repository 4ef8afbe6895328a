"""entities: index (space, kind, version, id) in place of (space, version)

A pull reads one range per kind the caller may see, so its cost follows what it
returns, not the site's history or other roles' rows; the lists by site and kind
use the same index.

Revision ID: 0014
Revises: 0008
"""
from alembic import op

revision = '0014'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_entities_space_kind_version", "entities", ["space", "kind", "version", "id"])
    op.drop_index("ix_entities_space_version", table_name="entities")


def downgrade() -> None:
    op.create_index("ix_entities_space_version", "entities", ["space", "version"])
    op.drop_index("ix_entities_space_kind_version", table_name="entities")
