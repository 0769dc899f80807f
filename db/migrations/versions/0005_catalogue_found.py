"""Bring an existing catalogue up to the merged seed: new industries and qualifications, sourced notes.

0002 seeds a new database from db/seed/*.csv as they are when it runs, so a database created after the
merge already has every row and this revision changes nothing there. A database seeded before it gets
the industries and qualifications it lacks (matched by English name; by QR number, else industry,
English title and level). A seeded note is replaced only while it is still the note 0002 wrote then,
so a note an agency changed through an import is kept. Nothing is deleted or withdrawn.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

import csv

import sqlalchemy as sa
from alembic import op

from assessor_app.core.domain.catalogue import parse_catalogue
from assessor_app.core.paths import db_path

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

agencies = sa.table("agencies", sa.column("id", sa.Integer), sa.column("code", sa.String))
industries = sa.table(
    "industries",
    sa.column("id", sa.Integer),
    sa.column("name_en", sa.String),
    sa.column("name_zh", sa.String),
    sa.column("agency_id", sa.Integer),
)
qualifications = sa.table(
    "qualifications",
    sa.column("id", sa.Integer),
    sa.column("industry_id", sa.Integer),
    sa.column("title_zh", sa.String),
    sa.column("title_en", sa.String),
    sa.column("qf_level", sa.Integer),
    sa.column("qr_number", sa.String),
    sa.column("stream", sa.String),
    sa.column("open_to_carers", sa.Boolean),
    sa.column("notes", sa.Text),
    sa.column("active", sa.Boolean),
)

# The notes 0002 wrote before the merge (db/seed/catalogue.csv as copied from catalogue-sample.csv).
SEEDED_NOTES = {
    ('Automotive', 'Vehicle Servicing (Mechanical Services)', 3): 'EMSD voluntary registration category M',
    ('Automotive', 'Vehicle Servicing (Electrical Services)', 3): 'EMSD voluntary registration category E',
    ('Automotive', 'Vehicle Servicing (Body Repair)', 3): 'EMSD voluntary registration category B1',
    ('Automotive', 'Vehicle Servicing (Body Painting)', 3): 'EMSD voluntary registration category B2',
    ('Elderly care', 'Maintain a clean, comfortable and safe environment', 1): 'English title is a working translation',
    ('Elderly care', 'Practise occupational safety and health', 1): 'English title is a working translation',
    ('Elderly care', 'General home care', 2): 'English title is a working translation',
    ('Elderly care', 'General outdoor escort care', 2): 'English title is a working translation',
    ('Elderly care', 'Assist activities of daily living', 2): 'English title is a working translation',
    ('Elderly care', 'Infection control', 2): 'English title is a working translation',
    ('Elderly care', 'Prevent psycho-social-spiritual crises', 2): 'English title is a working translation',
    ('Elderly care', 'Communication with service users', 2): 'English title is a working translation',
    ('Elderly care', 'Communication with and care for service users', 2): '',
    ('Elderly care', 'General health check', 2): '',
    ('Elderly care', 'Feeding care for dependent residents', 2): '',
    ('Elderly care', 'Toileting and continence care', 2): '',
    ('Elderly care', 'Oral, foot and skin care', 2): '',
    ('Printing and publishing', 'Managing Printing Operation', 4): 'written test plus interview; HK$1200',
    ('Printing and publishing', 'Managing Printing Production', 4): 'written test plus interview; HK$1200',
    ('Printing and publishing', 'Printing Design', 4): 'written test plus practical',
    ('Printing and publishing', 'Desktop Publishing', 1): 'interview; HK$750; 1 year in desktop publishing',
    ('Property management', 'Environmental management – security', 3): 'stream spans several levels: the level here is illustrative',
    ('Property management', 'Environmental management – cleaning', 3): 'stream spans several levels: the level here is illustrative',
    ('Property management', 'Building repair and maintenance', 4): 'stream spans several levels: the level here is illustrative',
    ('Property management', 'Resident management – customer service', 3): 'stream spans several levels: the level here is illustrative',
    ('Testing inspection and certification', 'Laboratory and field testing – operations', 2): 'stream spans several levels: the level here is illustrative',
    ('Testing inspection and certification', 'Inspection – operations', 3): 'stream spans several levels: the level here is illustrative',
    ('Logistics', 'Supporting and Ancillary Services – Surveying', 2): 'exam-free window until 2026-02-15; stream spans several levels: the level here is illustrative',
    ('ICT', 'Operation and Support', 2): 'exam-free window until 2026-06-30; stream spans several levels: the level here is illustrative',
}


def read_seed(name):
    with db_path("seed", name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def upgrade() -> None:
    bind = op.get_bind()
    agency_ids = dict(bind.execute(sa.select(agencies.c.code, agencies.c.id)).all())
    known = {name.casefold() for name in bind.execute(sa.select(industries.c.name_en)).scalars()}
    _, industry_rows = read_seed("industries.csv")
    for row in industry_rows:
        if row["name_en"].casefold() not in known and row["agency_code"] in agency_ids:
            bind.execute(
                industries.insert().values(
                    name_en=row["name_en"], name_zh=row["name_zh"], agency_id=agency_ids[row["agency_code"]]
                )
            )
    industry_ids = dict(bind.execute(sa.select(industries.c.name_en, industries.c.id)).all())
    industry_names = {identifier: name for name, identifier in industry_ids.items()}

    header, catalogue_rows = read_seed("catalogue.csv")
    entries, problems = parse_catalogue(header, catalogue_rows, industry_ids)
    if problems:
        raise RuntimeError("seed catalogue is invalid: " + "; ".join(p.describe() for p in problems))
    stored = bind.execute(
        sa.select(
            qualifications.c.id,
            qualifications.c.industry_id,
            qualifications.c.title_en,
            qualifications.c.qf_level,
            qualifications.c.qr_number,
            qualifications.c.notes,
        )
    ).all()
    by_key = {(row.industry_id, row.title_en.casefold(), row.qf_level): row for row in stored}
    by_qr = {row.qr_number: row for row in stored if row.qr_number}
    for entry in entries:
        industry_id = industry_ids[entry.industry]
        match = by_qr.get(entry.qr_number) if entry.qr_number else None
        match = match or by_key.get((industry_id, entry.title_en.casefold(), entry.qf_level))
        if match is None:
            bind.execute(
                qualifications.insert().values(
                    industry_id=industry_id,
                    title_zh=entry.title_zh,
                    title_en=entry.title_en,
                    qf_level=entry.qf_level,
                    qr_number=entry.qr_number,
                    stream=entry.stream,
                    open_to_carers=entry.open_to_carers,
                    notes=entry.notes,
                    active=True,
                )
            )
            continue
        seeded = SEEDED_NOTES.get((industry_names[match.industry_id], match.title_en, match.qf_level))
        if seeded is not None and match.notes == seeded and entry.notes != seeded:
            bind.execute(
                qualifications.update().where(qualifications.c.id == match.id).values(notes=entry.notes)
            )


def downgrade() -> None:
    # The rows added here may already be applied for; a downgrade keeps them (0002's downgrade empties all).
    pass
