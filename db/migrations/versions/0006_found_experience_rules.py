"""Add the experience rules found with the catalogue: printing and publishing, hairdressing, arboriculture.

0002 seeds a new database from db/seed/experience-rules.csv as it is when it runs, so a database created
after these rows were added already has them and this revision changes nothing there. A database seeded
before gets each industry × level rule below that it lacks (see db/seed/SOURCES.md for their sources).
A rule already present for that industry and level is kept as it is, whatever its figures. Arboriculture
and horticulture level 3 stays without a rule: only its total (5 years) is published.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

industries = sa.table("industries", sa.column("id", sa.Integer), sa.column("name_en", sa.String))
experience_rules = sa.table(
    "experience_rules",
    sa.column("industry_id", sa.Integer),
    sa.column("qf_level", sa.Integer),
    sa.column("qualification_id", sa.Integer),
    sa.column("min_total_years", sa.Integer),
    sa.column("min_relevant_years", sa.Integer),
    sa.column("always_assessed", sa.Boolean),
)

# The rows added to db/seed/experience-rules.csv, frozen here so that a later change to the file cannot
# change what this revision inserts: (industry, level, total years, relevant years, always assessed).
RULES = (
    ("Printing and publishing", 1, 1, 1, False),
    ("Printing and publishing", 2, 3, 2, False),
    ("Printing and publishing", 3, 5, 3, False),
    ("Printing and publishing", 4, 6, 4, True),
    ("Hairdressing", 4, 6, 5, True),
    ("Arboriculture and horticulture", 2, 3, 1, False),
)


def upgrade() -> None:
    bind = op.get_bind()
    industry_ids = {
        name.casefold(): identifier
        for identifier, name in bind.execute(sa.select(industries.c.id, industries.c.name_en)).all()
    }
    present = set(
        bind.execute(
            sa.select(experience_rules.c.industry_id, experience_rules.c.qf_level).where(
                experience_rules.c.qualification_id.is_(None)
            )
        ).all()
    )
    for industry, level, total, relevant, always_assessed in RULES:
        industry_id = industry_ids.get(industry.casefold())
        # 0005 adds the industries but skips one whose agency is missing: no industry, no rule.
        if industry_id is None or (industry_id, level) in present:
            continue
        bind.execute(
            experience_rules.insert().values(
                industry_id=industry_id,
                qf_level=level,
                qualification_id=None,
                min_total_years=total,
                min_relevant_years=relevant,
                always_assessed=always_assessed,
            )
        )


def downgrade() -> None:
    # A rule may already have decided cases, and a fresh database has these rows from 0002: kept.
    pass
