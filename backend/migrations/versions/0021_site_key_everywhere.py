"""counters.space, device_users.site_id, upload_counts.site_id: every table that
holds a site's data carries the site key (issue "Scale": sites can be distributed
by site with no protocol change; tests/test_site_key.py)

- counters: `space` is the part of `series` before its first "/" (series stay
  named as before, e.g. "hv/LOG-2026-11").
- device_users: `site_id` is the phone's site.
- upload_counts: `site_id` joins the key (site, uploader, day): the daily quota
  counts per site. A phone's rows get its site; a user's (signed in without a
  phone) their first site; rows of neither (a deleted phone or a user at no
  site) are dropped: they only counted past days' uploads, or today's for
  someone who can no longer upload.

Revision ID: 0021
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa

revision = '0021'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    with op.batch_alter_table("counters") as batch:
        batch.add_column(sa.Column("space", sa.String(length=40), nullable=True))
    for (series,) in conn.execute(sa.text("SELECT series FROM counters")).all():
        conn.execute(sa.text("UPDATE counters SET space = :space WHERE series = :series"),
                     {"space": series.split("/", 1)[0], "series": series})
    with op.batch_alter_table("counters") as batch:
        batch.alter_column("space", existing_type=sa.String(length=40), nullable=False)

    with op.batch_alter_table("device_users") as batch:
        batch.add_column(sa.Column("site_id", sa.String(length=40), nullable=True))
    conn.execute(sa.text("UPDATE device_users SET site_id = "
                         "(SELECT devices.site_id FROM devices WHERE devices.id = device_users.device_id)"))
    with op.batch_alter_table("device_users") as batch:
        batch.alter_column("site_id", existing_type=sa.String(length=40), nullable=False)

    with op.batch_alter_table("upload_counts") as batch:
        batch.add_column(sa.Column("site_id", sa.String(length=40), nullable=True))
    rows = conn.execute(sa.text("SELECT uploader FROM upload_counts")).all()
    for uploader in {u for (u,) in rows}:
        who, _, ident = uploader.partition(":")
        if who == "device":
            site = conn.execute(sa.text("SELECT site_id FROM devices WHERE id = :id"), {"id": ident}).scalar()
        else:
            site = conn.execute(sa.text("SELECT min(site_id) FROM memberships WHERE user_id = :id"),
                                {"id": int(ident) if ident.isdigit() else -1}).scalar()
        conn.execute(sa.text("UPDATE upload_counts SET site_id = :site WHERE uploader = :u"),
                     {"site": site, "u": uploader})
    conn.execute(sa.text("DELETE FROM upload_counts WHERE site_id IS NULL"))
    with op.batch_alter_table("upload_counts") as batch:
        batch.alter_column("site_id", existing_type=sa.String(length=40), nullable=False)
        batch.drop_constraint("pk_upload_counts", type_="primary")
        batch.create_primary_key("pk_upload_counts", ["site_id", "uploader", "day"])


def downgrade() -> None:
    conn = op.get_bind()
    # A quota per (uploader, day) again: a user's counts at several sites add up.
    rows = conn.execute(sa.text("SELECT uploader, day, sum(uploads), sum(bytes) FROM upload_counts "
                                "GROUP BY uploader, day")).all()
    conn.execute(sa.text("DELETE FROM upload_counts"))
    with op.batch_alter_table("upload_counts") as batch:
        batch.drop_constraint("pk_upload_counts", type_="primary")
        batch.drop_column("site_id")
        batch.create_primary_key("pk_upload_counts", ["uploader", "day"])
    for uploader, day, uploads, size in rows:
        conn.execute(sa.text("INSERT INTO upload_counts (uploader, day, uploads, bytes) "
                             "VALUES (:u, :d, :n, :b)"), {"u": uploader, "d": day, "n": uploads, "b": size})
    with op.batch_alter_table("device_users") as batch:
        batch.drop_column("site_id")
    with op.batch_alter_table("counters") as batch:
        batch.drop_column("space")
