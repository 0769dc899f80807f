"""Eligibility inputs an assessor can sign, and one person one record.

- Relevance per period and per qualification applied for (``period_relevance``), replacing the one
  ``employment_periods.relevant`` flag: an old relevant period becomes relevant to every qualification on
  its form, an old not-relevant one "in the industry only".
- The carer's declaration per qualification (``applied_qualifications.carer_declaration``), replacing the
  one flag on the form; caring is a period kind (``employment_periods.kind``) instead of an employment type
  that overwrote the period's own (old "carer" periods become caring periods, full time).
- The assessor's corrections of a period: ``weight_percent`` (part-time weight) and ``overseas_accepted``.
- Each application keeps the particulars as lodged (copied from its applicant on upgrade).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

PARTICULARS = (
    ('residence_status', sa.String(length=4), "''"),
    ('name_zh', sa.String(length=60), "''"),
    ('surname_en', sa.String(length=60), "''"),
    ('given_names_en', sa.String(length=120), "''"),
    ('alias', sa.String(length=120), "''"),
    ('chinese_commercial_code', sa.String(length=60), "''"),
    ('date_of_birth', sa.Date(), None),
    ('phone', sa.String(length=20), "''"),
    ('email', sa.String(length=200), "''"),
    ('address', sa.String(length=400), "''"),
    ('preferred_language', sa.String(length=8), "'zh_HK'"),
)


def upgrade() -> None:
    op.create_table('period_relevance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('applied_qualification_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['applied_qualification_id'], ['applied_qualifications.id'], name=op.f('fk_period_relevance_applied_qualification_id_applied_qualifications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['period_id'], ['employment_periods.id'], name=op.f('fk_period_relevance_period_id_employment_periods'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_period_relevance')),
    sa.UniqueConstraint('period_id', 'applied_qualification_id', name=op.f('uq_period_relevance_period_id'))
    )
    op.execute(
        "INSERT INTO period_relevance (period_id, applied_qualification_id) "
        "SELECT p.id, q.id FROM employment_periods p "
        "JOIN applied_qualifications q ON q.application_id = p.application_id WHERE p.relevant"
    )

    with op.batch_alter_table('applied_qualifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('carer_declaration', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute(
        "UPDATE applied_qualifications SET carer_declaration = 1 WHERE application_id IN "
        "(SELECT id FROM applications WHERE is_carer_declaration)"
    )
    with op.batch_alter_table('applied_qualifications', schema=None) as batch_op:
        batch_op.alter_column('carer_declaration', server_default=None)

    with op.batch_alter_table('employment_periods', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), nullable=False, server_default='employment'))
        batch_op.add_column(sa.Column('weight_percent', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('overseas_accepted', sa.Boolean(), nullable=True))
    op.execute(
        "UPDATE employment_periods SET kind = 'caring', employment_type = 'full_time' "
        "WHERE employment_type = 'carer'"
    )
    with op.batch_alter_table('employment_periods', schema=None) as batch_op:
        batch_op.alter_column('kind', server_default=None)
        batch_op.drop_column('relevant')
        batch_op.create_check_constraint(
            'weight_range', 'weight_percent IS NULL OR weight_percent BETWEEN 1 AND 100'
        )

    with op.batch_alter_table('applications', schema=None) as batch_op:
        for name, kind, default in PARTICULARS:
            nullable = default is None
            batch_op.add_column(
                sa.Column(name, kind, nullable=nullable, server_default=None if nullable else sa.text(default))
            )
    assignments = ", ".join(
        f"{name} = (SELECT a.{name} FROM applicants a WHERE a.id = applications.applicant_id)"
        for name, _, _ in PARTICULARS
    )
    op.execute(f"UPDATE applications SET {assignments}")
    with op.batch_alter_table('applications', schema=None) as batch_op:
        for name, _, default in PARTICULARS:
            if default is not None:
                batch_op.alter_column(name, server_default=None)
        batch_op.drop_column('is_carer_declaration')


def downgrade() -> None:
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_carer_declaration', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute(
        "UPDATE applications SET is_carer_declaration = 1 WHERE id IN "
        "(SELECT application_id FROM applied_qualifications WHERE carer_declaration)"
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.alter_column('is_carer_declaration', server_default=None)
        for name, _, _ in reversed(PARTICULARS):
            batch_op.drop_column(name)

    with op.batch_alter_table('employment_periods', schema=None) as batch_op:
        batch_op.add_column(sa.Column('relevant', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute(
        "UPDATE employment_periods SET relevant = 1 WHERE id IN (SELECT period_id FROM period_relevance)"
    )
    op.execute("UPDATE employment_periods SET employment_type = 'carer' WHERE kind = 'caring'")
    with op.batch_alter_table('employment_periods', schema=None) as batch_op:
        batch_op.alter_column('relevant', server_default=None)
        batch_op.drop_constraint('weight_range', type_='check')
        batch_op.drop_column('overseas_accepted')
        batch_op.drop_column('weight_percent')
        batch_op.drop_column('kind')

    with op.batch_alter_table('applied_qualifications', schema=None) as batch_op:
        batch_op.drop_column('carer_declaration')

    op.drop_table('period_relevance')
