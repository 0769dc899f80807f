"""Seed reference data: agencies, industries, fees, evidence types, the catalogue and its rules.

Reads the CSV files in db/seed (see db/seed/SOURCES.md). Tables are described here as they are at
this revision, not through the ORM records, so later schema changes cannot break this migration.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import csv

import sqlalchemy as sa
from alembic import op

from assessor_app.core.domain.catalogue import parse_catalogue, parse_levels, parse_optional_date, parse_yes_no
from assessor_app.core.paths import db_path

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

agencies = sa.table(
    "agencies",
    sa.column("id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("name_en", sa.String),
    sa.column("name_zh", sa.String),
    sa.column("phone", sa.String),
    sa.column("email", sa.String),
    sa.column("address", sa.String),
)
agency_fees = sa.table(
    "agency_fees",
    sa.column("agency_id", sa.Integer),
    sa.column("route", sa.String),
    sa.column("clusters", sa.Integer),
    sa.column("fee_hkd", sa.Integer),
)
industries = sa.table(
    "industries",
    sa.column("id", sa.Integer),
    sa.column("name_en", sa.String),
    sa.column("name_zh", sa.String),
    sa.column("agency_id", sa.Integer),
)
evidence_types = sa.table(
    "evidence_types",
    sa.column("code", sa.String),
    sa.column("name_en", sa.String),
    sa.column("name_zh", sa.String),
    sa.column("role", sa.String),
    sa.column("proves_period", sa.Boolean),
)
qualifications = sa.table(
    "qualifications",
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
units = sa.table(
    "units_of_competency",
    sa.column("industry_id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("title_en", sa.String),
    sa.column("title_zh", sa.String),
    sa.column("qf_level", sa.Integer),
    sa.column("credit", sa.Integer),
    sa.column("sector", sa.String),
    sa.column("functional_area", sa.String),
    sa.column("source", sa.String),
)
experience_rules = sa.table(
    "experience_rules",
    sa.column("industry_id", sa.Integer),
    sa.column("qf_level", sa.Integer),
    sa.column("qualification_id", sa.Integer),
    sa.column("min_total_years", sa.Integer),
    sa.column("min_relevant_years", sa.Integer),
    sa.column("always_assessed", sa.Boolean),
)
windows = sa.table(
    "exam_free_windows",
    sa.column("industry_id", sa.Integer),
    sa.column("stream", sa.String),
    sa.column("level_min", sa.Integer),
    sa.column("level_max", sa.Integer),
    sa.column("window_start", sa.Date),
    sa.column("window_end", sa.Date),
    sa.column("note", sa.String),
)


def read_seed(name):
    with db_path("seed", name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def upgrade() -> None:
    bind = op.get_bind()
    _, agency_rows = read_seed("agencies.csv")
    op.bulk_insert(agencies, [{k: row[k] for k in ("code", "name_en", "name_zh", "phone", "email", "address")} for row in agency_rows])
    agency_ids = dict(bind.execute(sa.select(agencies.c.code, agencies.c.id)).all())

    _, fee_rows = read_seed("agency-fees.csv")
    op.bulk_insert(
        agency_fees,
        [
            {"agency_id": agency_ids[r["agency_code"]], "route": r["route"], "clusters": int(r["clusters"]), "fee_hkd": int(r["fee_hkd"])}
            for r in fee_rows
        ],
    )

    _, industry_rows = read_seed("industries.csv")
    op.bulk_insert(
        industries,
        [{"name_en": r["name_en"], "name_zh": r["name_zh"], "agency_id": agency_ids[r["agency_code"]]} for r in industry_rows],
    )
    industry_ids = dict(bind.execute(sa.select(industries.c.name_en, industries.c.id)).all())

    _, type_rows = read_seed("evidence-types.csv")
    op.bulk_insert(
        evidence_types,
        [
            {"code": r["code"], "name_en": r["name_en"], "name_zh": r["name_zh"], "role": r["role"], "proves_period": parse_yes_no(r["proves_period"])}
            for r in type_rows
        ],
    )

    header, catalogue_rows = read_seed("catalogue.csv")
    entries, problems = parse_catalogue(header, catalogue_rows, industry_ids)
    if problems:
        raise RuntimeError("seed catalogue is invalid: " + "; ".join(p.describe() for p in problems))
    op.bulk_insert(
        qualifications,
        [
            {
                "industry_id": industry_ids[e.industry],
                "title_zh": e.title_zh,
                "title_en": e.title_en,
                "qf_level": e.qf_level,
                "qr_number": e.qr_number,
                "stream": e.stream,
                "open_to_carers": e.open_to_carers,
                "notes": e.notes,
                "active": True,
            }
            for e in entries
        ],
    )

    _, unit_rows = read_seed("units-of-competency.csv")
    op.bulk_insert(
        units,
        [
            {
                "industry_id": industry_ids[r["industry"]],
                "code": r["code"],
                "title_en": r["title_en"],
                "title_zh": "",
                "qf_level": int(r["qf_level"]),
                "credit": int(r["credit"]),
                "sector": r["sector"],
                "functional_area": r["functional_area"],
                "source": r["source"],
            }
            for r in unit_rows
        ],
    )

    _, rule_rows = read_seed("experience-rules.csv")
    op.bulk_insert(
        experience_rules,
        [
            {
                "industry_id": industry_ids[r["industry"]],
                "qf_level": int(r["qf_level"]),
                "qualification_id": None,
                "min_total_years": int(r["min_total_years"]),
                "min_relevant_years": int(r["min_relevant_years"]),
                "always_assessed": parse_yes_no(r["always_assessed"]),
            }
            for r in rule_rows
        ],
    )

    _, window_rows = read_seed("exam-free-windows.csv")
    seeded_windows = []
    for r in window_rows:
        low, high = parse_levels(r["levels"])
        seeded_windows.append(
            {
                "industry_id": industry_ids[r["industry"]],
                "stream": r["stream"],
                "level_min": low,
                "level_max": high,
                "window_start": parse_optional_date(r["window_start"]),
                "window_end": parse_optional_date(r["window_end"]),
                "note": r["note"],
            }
        )
    op.bulk_insert(windows, seeded_windows)


def downgrade() -> None:
    for table in ("exam_free_windows", "experience_rules", "units_of_competency", "qualifications", "evidence_types", "industries", "agency_fees", "agencies"):
        op.execute(sa.text(f"DELETE FROM {table}"))
