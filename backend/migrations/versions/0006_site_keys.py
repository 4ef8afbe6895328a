"""site_keys: per-site root and signing keys (ES256) for passes, permits and box labels

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "site_keys",
        sa.Column("kid", sa.String(40), nullable=False),
        sa.Column("site_id", sa.String(40), nullable=False),
        sa.Column("purpose", sa.String(10), nullable=False),
        sa.Column("private_key", sa.Text(), nullable=False),
        sa.Column("public_jwk", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("valid_until", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name=op.f("fk_site_keys_site_id_sites")),
        sa.PrimaryKeyConstraint("kid", name=op.f("pk_site_keys")),
    )
    op.create_index(op.f("ix_site_keys_site_id"), "site_keys", ["site_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_site_keys_site_id"), table_name="site_keys")
    op.drop_table("site_keys")
