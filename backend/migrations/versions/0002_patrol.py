"""patrol: checkpoints, routes, schedules, stored photos

What guards record (rounds, scans, incidents, gate, handovers) are sync
entities in `entities`; only set-up and photo bytes need tables of their own.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 02:26:13.871688
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('media',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['uploaded_by'], ['users.id'], name=op.f('fk_media_uploaded_by_users')),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_media'))
    )
    op.create_table('patrol_checkpoints',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('site_id', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_zh', sa.String(length=200), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=False),
    sa.Column('checks', sa.Text(), nullable=False),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('lng', sa.Double(), nullable=True),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_patrol_checkpoints_created_by_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_patrol_checkpoints_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patrol_checkpoints')),
    sa.UniqueConstraint('code', name=op.f('uq_patrol_checkpoints_code'))
    )
    with op.batch_alter_table('patrol_checkpoints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patrol_checkpoints_site_id'), ['site_id'], unique=False)

    op.create_table('patrol_routes',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('site_id', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_zh', sa.String(length=200), nullable=False),
    sa.Column('ordered', sa.Boolean(), nullable=False),
    sa.Column('checkpoint_ids', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_patrol_routes_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patrol_routes'))
    )
    with op.batch_alter_table('patrol_routes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patrol_routes_site_id'), ['site_id'], unique=False)

    op.create_table('media_uses',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('site_id', sa.String(length=40), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['sha256'], ['media.sha256'], name=op.f('fk_media_uses_sha256_media'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_media_uses_site_id_sites')),
    sa.PrimaryKeyConstraint('sha256', 'site_id', 'purpose', name=op.f('pk_media_uses'))
    )
    with op.batch_alter_table('media_uses', schema=None) as batch_op:
        batch_op.create_index('ix_media_uses_site', ['site_id'], unique=False)

    op.create_table('patrol_schedules',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('site_id', sa.String(length=40), nullable=False),
    sa.Column('route_id', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('times', sa.JSON(), nullable=False),
    sa.Column('every_hours', sa.Integer(), nullable=True),
    sa.Column('first_at', sa.String(length=5), nullable=False),
    sa.Column('window_minutes', sa.Integer(), nullable=False),
    sa.Column('grace_minutes', sa.Integer(), nullable=False),
    sa.Column('random_order', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['route_id'], ['patrol_routes.id'], name=op.f('fk_patrol_schedules_route_id_patrol_routes')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_patrol_schedules_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patrol_schedules'))
    )
    with op.batch_alter_table('patrol_schedules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patrol_schedules_site_id'), ['site_id'], unique=False)



    # The board and the report read a site's records of one day: an expression
    # index on the day in each entity's data (backend/patrol/jsonpath.py writes
    # the same expression), so the cost follows the day, not the whole history.
    day = "(data ->> 'day')" if op.get_bind().dialect.name == "postgresql" else "json_extract(data, '$.day')"
    op.create_index("ix_entities_kind_space_day", "entities", ["kind", "space", sa.text(day)])


def downgrade() -> None:
    op.drop_index("ix_entities_kind_space_day", table_name="entities")
    with op.batch_alter_table('patrol_schedules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patrol_schedules_site_id'))

    op.drop_table('patrol_schedules')
    with op.batch_alter_table('media_uses', schema=None) as batch_op:
        batch_op.drop_index('ix_media_uses_site')

    op.drop_table('media_uses')
    with op.batch_alter_table('patrol_routes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patrol_routes_site_id'))

    op.drop_table('patrol_routes')
    with op.batch_alter_table('patrol_checkpoints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patrol_checkpoints_site_id'))

    op.drop_table('patrol_checkpoints')
    op.drop_table('media')
