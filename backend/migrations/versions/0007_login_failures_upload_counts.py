"""login_failures: failed sign-ins per address, name and phone, shared by every
worker (replaces users.failed_logins and users.locked_until); upload_counts: the
daily photo upload quota per phone or user

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("bucket", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(), nullable=False),
        sa.Column("blocked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("bucket", name=op.f("pk_login_failures")),
    )
    op.create_index(op.f("ix_login_failures_last_failed_at"), "login_failures", ["last_failed_at"])
    op.create_table(
        "upload_counts",
        sa.Column("uploader", sa.String(length=60), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("uploads", sa.Integer(), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("uploader", "day", name=op.f("pk_upload_counts")),
    )
    with op.batch_alter_table("users") as batch:
        batch.drop_column("locked_until")
        batch.drop_column("failed_logins")


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
    op.drop_table("upload_counts")
    op.drop_index(op.f("ix_login_failures_last_failed_at"), table_name="login_failures")
    op.drop_table("login_failures")
