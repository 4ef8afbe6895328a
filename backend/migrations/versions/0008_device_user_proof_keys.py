"""device_users.proof_key: the per-user proof key issued at sign-in on a phone
(sealed under SECRET_KEY); every mutation in that user's name carries an HMAC
with it (PROTOCOL.md P8)

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("device_users") as batch:
        batch.add_column(sa.Column("proof_key", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("device_users") as batch:
        batch.drop_column("proof_key")
