"""record rules for every kind: sites carry their time zone and rule settings;
the ledger keeps each mutation's chain link; an audit log; one number series
shape for every kind; the duty log's countersign becomes the common review

- sites.tz (the time zone days, deadlines and monthly numbers count in) and
  sites.settings (rule settings each domain documents).
- ledger.prev: with ledger.hash, a device's hash chain stays verifiable after
  retention drops payloads.
- audit_log: what was purged past retention, who read an archive.
- counters: every series is "<site>/<PREFIX>-<YYYY-MM>"; incident series were
  "<site>/INC-<site>-<YYYY-MM>" and are renamed so their numbers carry on.
- log.entry: `countersign` {by, by_name, at, note} becomes `review` (the record
  rules' review signature, as handovers already had), `occurred_at` is also
  `device_at` as on every record; each entry changed gets a new version of its
  space so phones pull it again. Records written before this migration are not
  in the per-day review tally (`record.day`): only later ones are.

Revision ID: 0005
Revises: 0004
"""
import json

from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sites") as batch:
        batch.add_column(sa.Column("tz", sa.String(64), nullable=False, server_default="Asia/Hong_Kong"))
        batch.add_column(sa.Column("settings", sa.JSON(), nullable=False, server_default="{}"))
    with op.batch_alter_table("ledger") as batch:
        batch.add_column(sa.Column("prev", sa.String(64), nullable=True))
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("site_id", sa.String(40), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_action"), "audit_log", ["action"])
    conn = op.get_bind()
    for series, value in conn.execute(sa.text("SELECT series, value FROM counters")).fetchall():
        site, _, rest = series.partition("/")
        if rest.startswith(f"INC-{site}-"):
            conn.execute(sa.text("UPDATE counters SET series = :new WHERE series = :old"),
                         {"new": f"{site}/INC-{rest[len(f'INC-{site}-'):]}", "old": series})
    rows = conn.execute(sa.text("SELECT id, space, data FROM entities WHERE kind = 'log.entry'")).fetchall()
    for entity_id, space, data in rows:
        data = json.loads(data) if isinstance(data, str) else data
        if "review" in data and "device_at" in data:
            continue
        signed = data.pop("countersign", None)
        data["review"] = None if not signed else {
            "approved": True, "note": signed.get("note", ""), "state_at_review": None,
            "user_id": signed.get("by"), "user_name": signed.get("by_name"), "device_id": None,
            "device_at": None, "corrected_at": signed.get("at"), "received_at": signed.get("at"), "version": None}
        data.setdefault("device_at", data.get("occurred_at"))
        version = conn.execute(sa.text("UPDATE spaces SET version = version + 1 WHERE id = :s RETURNING version"),
                               {"s": space}).scalar()
        conn.execute(sa.text("UPDATE entities SET data = :d, version = :v WHERE kind = 'log.entry' AND id = :i"),
                     {"d": json.dumps(data, ensure_ascii=False), "v": version, "i": entity_id})


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_log_action"), table_name="audit_log")
    op.drop_table("audit_log")
    with op.batch_alter_table("ledger") as batch:
        batch.drop_column("prev")
    with op.batch_alter_table("sites") as batch:
        batch.drop_column("settings")
        batch.drop_column("tz")
