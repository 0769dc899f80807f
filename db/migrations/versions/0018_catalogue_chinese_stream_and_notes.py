"""The catalogue's stream and notes in Traditional Chinese beside the English: ``stream_zh``, ``notes_zh``.

Also the exam-free windows' ``stream_zh`` (named in the Chinese explanation of an eligibility result),
filled from db/seed/exam-free-windows.csv for each seeded window (same industry, stream and levels).

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

from assessor_app.core.domain.catalogue import parse_catalogue, parse_levels
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

windows = sa.table(
    "exam_free_windows",
    sa.column("industry_id", sa.Integer),
    sa.column("stream", sa.String),
    sa.column("stream_zh", sa.String),
    sa.column("level_min", sa.Integer),
    sa.column("level_max", sa.Integer),
)


def read_seed(name):
    with db_path("seed", name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def upgrade() -> None:
    op.add_column(
        "qualifications", sa.Column("stream_zh", sa.String(length=120), nullable=False, server_default="")
    )
    op.add_column("qualifications", sa.Column("notes_zh", sa.Text(), nullable=False, server_default=""))

    bind = op.get_bind()
    industry_ids = dict(bind.execute(sa.select(industries.c.name_en, industries.c.id)).all())
    header, rows = read_seed("catalogue.csv")
    entries, problems = parse_catalogue(header, rows, industry_ids)
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

    op.add_column(
        "exam_free_windows", sa.Column("stream_zh", sa.String(length=120), nullable=False, server_default="")
    )
    _, window_rows = read_seed("exam-free-windows.csv")
    for row in window_rows:
        if not row["stream_zh"] or row["industry"] not in industry_ids:
            continue
        low, high = parse_levels(row["levels"])
        bind.execute(
            windows.update()
            .where(
                windows.c.industry_id == industry_ids[row["industry"]],
                windows.c.stream == row["stream"],
                windows.c.level_min == low,
                windows.c.level_max == high,
            )
            .values(stream_zh=row["stream_zh"])
        )


def downgrade() -> None:
    # SQLite's own DROP COLUMN (3.35+), as 0017: no table rebuild.
    for table, column in (
        ("exam_free_windows", "stream_zh"),
        ("qualifications", "notes_zh"),
        ("qualifications", "stream_zh"),
    ):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
