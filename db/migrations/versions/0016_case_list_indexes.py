"""Indexes for the Cases page at 100,000 cases: its orders and filters read in index order and stop at a page.

The list is read newest application first; with ``applications (application_date, id)`` a page (and the
search's first page, whose worst case was a common word matching tens of thousands of cases) is read in
that order and stops after the page instead of sorting every match. The state and station filters keep
that order through ``(status, application_date)`` and ``(station_code, application_date)`` (the state is
also what My work asks). A case's document requests, the recommendations of an assessor and the cases of
a qualification (the industry and level filters) are found by index instead of a scan of the table.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from alembic import op


revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_applications_application_date", "applications", ["application_date", "id"]),
    ("ix_applications_status_date", "applications", ["status", "application_date"]),
    ("ix_applications_station_date", "applications", ["station_code", "application_date"]),
    ("ix_document_requests_application_id", "document_requests", ["application_id"]),
    ("ix_assessment_decisions_decided_by", "assessment_decisions", ["decided_by"]),
    ("ix_applied_qualifications_qualification_id", "applied_qualifications", ["qualification_id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
