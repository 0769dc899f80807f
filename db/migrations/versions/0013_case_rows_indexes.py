"""Indexes on the case's own rows by case: employment periods and evidence items by ``application_id``.

Lodging, the eligibility check and the case view read a case's periods and checklist by its id; without
these indexes each of those reads scanned the whole table (every case's periods, every checklist line),
a cost that grew with the database (about 1.7 ms of a lodging at 2,000 cases, 50 times that at 100,000).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from alembic import op


revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_employment_periods_application_id", "employment_periods", ["application_id"])
    op.create_index("ix_evidence_items_application_id", "evidence_items", ["application_id"])


def downgrade() -> None:
    op.drop_index("ix_evidence_items_application_id", table_name="evidence_items")
    op.drop_index("ix_employment_periods_application_id", table_name="employment_periods")
