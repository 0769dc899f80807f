"""The catalogue's stream and notes in Traditional Chinese beside the English: ``stream_zh``, ``notes_zh``.

Both are empty by default (the interface then shows the English). Every qualification seeded from
db/seed/catalogue.csv (by 0002 on a new database, by 0005 on one seeded before the merge) gets the
Chinese of that file as it is when this revision runs, matched as 0005 matches (by QR number, else
industry, English title and level). Each is filled only while its English is still the seeded one, so a
stream or note an agency changed through an import does not get a translation of another text.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

import csv

import sqlalchemy as sa
from alembic import op

from assessor_app.core.domain.catalogue import parse_catalogue
from assessor_app.core.paths import db_path

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

industries = sa.table("industries", sa.column("id", sa.Integer), sa.column("name_en", sa.String))
qualifications = sa.table(
    "qualifications",
    sa.column("id", sa.Integer),
    sa.column("industry_id", sa.Integer),
    sa.column("title_en", sa.String),
    sa.column("qf_level", sa.Integer),
    sa.column("qr_number", sa.String),
    sa.column("stream", sa.String),
    sa.column("stream_zh", sa.String),
    sa.column("notes", sa.Text),
    sa.column("notes_zh", sa.Text),
)


def upgrade() -> None:
    op.add_column(
        "qualifications", sa.Column("stream_zh", sa.String(length=120), nullable=False, server_default="")
    )
    op.add_column("qualifications", sa.Column("notes_zh", sa.Text(), nullable=False, server_default=""))

    bind = op.get_bind()
    industry_ids = dict(bind.execute(sa.select(industries.c.name_en, industries.c.id)).all())
    with db_path("seed", "catalogue.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        entries, problems = parse_catalogue(reader.fieldnames or [], list(reader), industry_ids)
    if problems:
        raise RuntimeError("seed catalogue is invalid: " + "; ".join(p.describe() for p in problems))
    stored = bind.execute(
        sa.select(
            qualifications.c.id,
            qualifications.c.industry_id,
            qualifications.c.title_en,
            qualifications.c.qf_level,
            qualifications.c.qr_number,
            qualifications.c.stream,
            qualifications.c.notes,
        )
    ).all()
    by_key = {(row.industry_id, row.title_en.casefold(), row.qf_level): row for row in stored}
    by_qr = {row.qr_number: row for row in stored if row.qr_number}
    for entry in entries:
        match = by_qr.get(entry.qr_number) if entry.qr_number else None
        match = match or by_key.get((industry_ids[entry.industry], entry.title_en.casefold(), entry.qf_level))
        if match is None:
            continue  # an import renamed it (a title change without a QR number): its texts are the agency's
        values = {}
        if match.stream == entry.stream:
            values["stream_zh"] = entry.stream_zh
        if match.notes == entry.notes:
            values["notes_zh"] = entry.notes_zh
        if values:
            bind.execute(qualifications.update().where(qualifications.c.id == match.id).values(**values))


def downgrade() -> None:
    # SQLite's own DROP COLUMN (3.35+), as 0017: no table rebuild.
    for column in ("notes_zh", "stream_zh"):
        op.execute(f"ALTER TABLE qualifications DROP COLUMN {column}")
