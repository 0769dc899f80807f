"""The agency's opening hours (printed on slips), and the fee paid with its receipt number at intake.

``agencies.hours``: free text ("Mon–Fri 9:00–18:00"), empty when not set. ``applications.fee_paid``: the
form's fee (``applications.fee_hkd``, the agency's fee for its clusters) was paid at the counter;
``applications.fee_receipt_no``: the agency's receipt number for it, empty when none was issued.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op


revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("agencies", sa.Column("hours", sa.String(length=200), nullable=False, server_default=""))
    op.add_column(
        "applications", sa.Column("fee_paid", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column(
        "applications", sa.Column("fee_receipt_no", sa.String(length=40), nullable=False, server_default="")
    )


def downgrade() -> None:
    # SQLite's own DROP COLUMN (3.35+), not batch mode: rebuilding ``applications`` would drop the case
    # search triggers of 0015 with it.
    for table, column in (("applications", "fee_receipt_no"), ("applications", "fee_paid"), ("agencies", "hours")):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
