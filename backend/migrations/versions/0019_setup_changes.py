"""setup_changes: the set-up change log (who, when, why, version); one-time reset codes for passwords

- setup_changes: one row per change to a site, user, checkpoint, route or schedule.
- users.password_reset_until: set when an administrator resets a password to a
  one-time code; the code signs in once before then, and that sign-in may only
  choose a new password.

Revision ID: 0019
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa

revision = '0019'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "setup_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.String(40), nullable=True),
        sa.Column("subject", sa.String(20), nullable=False),
        sa.Column("subject_id", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=False),
        sa.Column("by_name", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["by_user_id"], ["users.id"], name=op.f("fk_setup_changes_by_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_setup_changes")),
        sa.UniqueConstraint("subject", "subject_id", "version", name=op.f("uq_setup_changes_subject")),
    )
    op.create_index("ix_setup_changes_site_id_id", "setup_changes", ["site_id", "id"])
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("password_reset_until", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("password_reset_until")
    op.drop_index("ix_setup_changes_site_id_id", table_name="setup_changes")
    op.drop_table("setup_changes")
