"""An audit trail that cannot be cut: the chain's mode, claims, and a log of changes to sensitive columns.

``audit_chain`` holds one row saying how entry hashes are made: ``sha256`` (a clear database) or
``hmac-sha256`` (under a key derived from the data key, once the database is encrypted). Triggers add a row
to ``data_changes`` whenever a sensitive column (names, HKID, phone, result, SoA, fees) is updated or a
case, applicant or qualification applied for is deleted, whoever writes. The app's own audit entries
claim the rows their transaction caused (``claimed_by``, and a digest in ``audit_events.claims`` that the
entry's hash covers); a row nobody claimed is a change made outside the app. Inserts need no trigger: a
new row is lodged, merged or imported with its own audit entries.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from alembic import op
import sqlalchemy as sa


revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# The columns whose change must leave a trace, table by table (keep in step with audit_changes.SENSITIVE).
SENSITIVE = {
    "applicants": ("name_zh", "surname_en", "given_names_en", "hkid", "phone"),
    "applications": ("name_zh", "surname_en", "given_names_en", "phone", "fee_hkd"),
    "applied_qualifications": ("result", "soa_number", "soa_date", "reimbursement_receipt_no"),
    "agency_fees": ("fee_hkd",),
}
DELETED = ("applicants", "applications", "applied_qualifications")


def trigger_statements() -> list[str]:
    statements = []
    for table, columns in SENSITIVE.items():
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
        listed = " || ".join(f"(CASE WHEN OLD.{c} IS NOT NEW.{c} THEN '{c},' ELSE '' END)" for c in columns)
        statements.append(
            f"CREATE TRIGGER data_changes_{table}_update AFTER UPDATE OF {', '.join(columns)} ON {table} "
            f"WHEN {changed} BEGIN INSERT INTO data_changes (table_name, row_id, kind, columns) "
            f"VALUES ('{table}', NEW.id, 'update', rtrim({listed}, ',')); END"
        )
    for table in DELETED:
        statements.append(
            f"CREATE TRIGGER data_changes_{table}_delete AFTER DELETE ON {table} "
            f"BEGIN INSERT INTO data_changes (table_name, row_id, kind, columns) "
            f"VALUES ('{table}', OLD.id, 'delete', ''); END"
        )
    return statements


def trigger_names() -> list[str]:
    return [f"data_changes_{table}_update" for table in SENSITIVE] + [
        f"data_changes_{table}_delete" for table in DELETED
    ]


def upgrade() -> None:
    op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_chain_one_row")),
        sa.CheckConstraint("mode IN ('sha256', 'hmac-sha256')", name=op.f("ck_audit_chain_mode_known")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain")),
    )
    op.execute("INSERT INTO audit_chain (id, mode, changed_at) VALUES (1, 'sha256', CURRENT_TIMESTAMP)")
    op.create_table(
        "data_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("columns", sa.Text(), nullable=False),
        sa.Column(
            "changed_at",
            sa.String(length=32),
            server_default=sa.text("(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"),
            nullable=False,
        ),
        sa.Column("claimed_by", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_changes")),
        sqlite_autoincrement=True,  # ids never reused: a deleted row leaves a gap verify can see
    )
    op.create_index(op.f("ix_data_changes_claimed_by"), "data_changes", ["claimed_by"])
    op.add_column("audit_events", sa.Column("claims", sa.String(length=90), nullable=True))
    for statement in trigger_statements():
        op.execute(statement)


def downgrade() -> None:
    for name in trigger_names():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("audit_events") as batch_op:
        batch_op.drop_column("claims")
    op.drop_index(op.f("ix_data_changes_claimed_by"), table_name="data_changes")
    op.drop_table("data_changes")
    op.drop_table("audit_chain")
