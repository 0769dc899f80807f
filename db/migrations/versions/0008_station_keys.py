"""Station keys: each station's Ed25519 public key whose signed batches this laptop merges.

A database with a station code gets its own key at its first export (or when the code is set); other
stations' keys are enrolled by a supervisor. A station has at most one key in force (not removed).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('station_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('station_code', sa.String(length=8), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('fingerprint', sa.String(length=24), nullable=False),
    sa.Column('is_local', sa.Boolean(), nullable=False),
    sa.Column('enrolled_by', sa.String(length=60), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('removed_by', sa.String(length=60), nullable=True),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('removal_reason', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_station_keys'))
    )
    op.create_index(
        'ix_station_keys_code_in_force',
        'station_keys',
        ['station_code'],
        unique=True,
        sqlite_where=sa.text('removed_at IS NULL'),
    )


def downgrade() -> None:
    op.drop_index('ix_station_keys_code_in_force', table_name='station_keys')
    op.drop_table('station_keys')
