"""The case content cache: each application's content hash, kept until anything it covers changes.

A merge compares every case of a workbook with the case here by content hash (the hash of the case's rows
as the batch workbook has them). ``applications.content_sha256`` keeps that hash once computed; triggers
on every table and column the rows are made of set it back to NULL in the same statement that changes
them, whoever writes (the app, a migration, a direct UPDATE), so a cached hash is never stale: NULL means
"compute it".

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-02
"""

from alembic import op
import sqlalchemy as sa


revision = "0011"
down_revision = "0008"
branch_labels = None
depends_on = None

# The columns of the batch workbook's rows of a case (sync/case_rows.select_rows), table by table.
APPLICATION_COLUMNS = (
    "uid, reference_no, applicant_id, event_id, station_code, status, application_date, fee_hkd, "
    "residence_status, name_zh, surname_en, given_names_en, alias, chinese_commercial_code, date_of_birth, "
    "phone, email, address, preferred_language"
)
CLEAR = "UPDATE applications SET content_sha256 = NULL WHERE content_sha256 IS NOT NULL AND "

# (name, table, event, the condition on the applications to clear)
TRIGGERS = [
    ("applications", f"UPDATE OF {APPLICATION_COLUMNS}", "id = NEW.id"),
    ("applicants", "UPDATE OF uid, hkid", "applicant_id = NEW.id"),
    ("events", "UPDATE OF code, agency_id", "event_id = NEW.id"),
    (
        "agencies",
        "UPDATE OF code, name_en",
        "event_id IN (SELECT id FROM events WHERE agency_id = NEW.id)",
    ),
    (
        "qualifications",
        "UPDATE OF qr_number, title_zh, title_en, qf_level",
        "id IN (SELECT application_id FROM applied_qualifications WHERE qualification_id = NEW.id)",
    ),
    (
        "industries",
        "UPDATE OF name_en",
        "id IN (SELECT application_id FROM employment_periods WHERE industry_id = NEW.id)",
    ),
]
# Tables whose rows belong to one case: any insert, update or delete clears it (old and new owner).
CASE_ROWS = {
    "applied_qualifications": "id = {row}.application_id",
    "employment_periods": "id = {row}.application_id",
    "evidence_items": "id = {row}.application_id",
    "assessment_decisions": (
        "id = (SELECT application_id FROM applied_qualifications WHERE id = {row}.applied_qualification_id)"
    ),
    "period_relevance": "id = (SELECT application_id FROM employment_periods WHERE id = {row}.period_id)",
}


def trigger_statements() -> list[str]:
    statements = [
        f"CREATE TRIGGER content_cache_{table}_update AFTER {event} ON {table} BEGIN {CLEAR}{condition}; END"
        for table, event, condition in TRIGGERS
    ]
    for table, condition in CASE_ROWS.items():
        statements += [
            f"CREATE TRIGGER content_cache_{table}_insert AFTER INSERT ON {table} "
            f"BEGIN {CLEAR}{condition.format(row='NEW')}; END",
            f"CREATE TRIGGER content_cache_{table}_delete AFTER DELETE ON {table} "
            f"BEGIN {CLEAR}{condition.format(row='OLD')}; END",
            f"CREATE TRIGGER content_cache_{table}_update AFTER UPDATE ON {table} "
            f"BEGIN {CLEAR}{condition.format(row='OLD')}; {CLEAR}{condition.format(row='NEW')}; END",
        ]
    return statements


def trigger_names() -> list[str]:
    return [f"content_cache_{table}_update" for table, _, _ in TRIGGERS] + [
        f"content_cache_{table}_{event}" for table in CASE_ROWS for event in ("insert", "delete", "update")
    ]


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch_op:
        batch_op.add_column(sa.Column("content_sha256", sa.String(length=64), nullable=True))
    for statement in trigger_statements():
        op.execute(statement)


def downgrade() -> None:
    for name in trigger_names():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("applications") as batch_op:
        batch_op.drop_column("content_sha256")
