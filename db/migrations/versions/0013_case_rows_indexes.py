"""Indexes for lodging and intake: a case's periods and checklist by case, an applicant's cases.

Lodging, the eligibility check and the case view read a case's periods and checklist by its id, and the
intake page looks up the cases already held for a typed HKID through the applicant; without these
indexes each of those reads scanned a whole table (every case's periods, every checklist line, every
case), a cost that grew with the database (about 1.7 ms of a lodging at 2,000 cases, 50 times that at
100,000).

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
    op.create_index("ix_applications_applicant_id", "applications", ["applicant_id"])


def downgrade() -> None:
    op.drop_index("ix_applications_applicant_id", table_name="applications")
    op.drop_index("ix_evidence_items_application_id", table_name="evidence_items")
    op.drop_index("ix_employment_periods_application_id", table_name="employment_periods")
