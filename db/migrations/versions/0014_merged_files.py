"""Merged files: each workbook a full merge read, checked and took, so the same bytes merged again need
not be read (``sync/merge_known.py``).

A row is written in the transaction of a successful full merge only: the file's SHA-256 (of its
encrypted bytes), the version of the checks it passed and the day it passed them, its manifest (to check
its signature again against the stations enrolled at the next merge) and each case copy's application key
and content hash, in the workbook's order. No personal data.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from alembic import op
import sqlalchemy as sa


revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "merged_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("checks", sa.String(length=40), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("manifest_json", sa.Text(), nullable=False),
        sa.Column("copies", sa.Text(), nullable=False),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merged_files")),
        sa.UniqueConstraint("file_sha256", "checks", name=op.f("uq_merged_files_file_sha256")),
    )


def downgrade() -> None:
    op.drop_table("merged_files")
