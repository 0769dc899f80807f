"""Add the experience rules published for one qualification (cluster): db/seed/cluster-experience-rules.csv.

0002 seeds only industry × level rules, so every database, new or seeded before, gets the rows of
db/seed/cluster-experience-rules.csv here, as the file is when this revision runs (see db/seed/SOURCES.md
for each row's source). A row names its qualification by industry, English title and level, matched in
any case; a row whose qualification is not in the catalogue is skipped, and so is one whose qualification
already has a rule of its own, whatever its figures. Running it again adds nothing.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import csv

import sqlalchemy as sa
from alembic import op

from assessor_app.core.domain.catalogue import parse_yes_no
from assessor_app.core.paths import db_path

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

industries = sa.table("industries", sa.column("id", sa.Integer), sa.column("name_en", sa.String))
qualifications = sa.table(
    "qualifications",
    sa.column("id", sa.Integer),
    sa.column("industry_id", sa.Integer),
    sa.column("title_en", sa.String),
    sa.column("qf_level", sa.Integer),
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


def upgrade() -> None:
    bind = op.get_bind()
    industry_ids = {
        name.casefold(): identifier
        for identifier, name in bind.execute(sa.select(industries.c.id, industries.c.name_en)).all()
    }
    qualification_ids = {
        (industry_id, title.casefold(), level): identifier
        for identifier, industry_id, title, level in bind.execute(
            sa.select(
                qualifications.c.id,
                qualifications.c.industry_id,
                qualifications.c.title_en,
                qualifications.c.qf_level,
            )
        ).all()
    }
    present = set(
        bind.execute(
            sa.select(experience_rules.c.qualification_id).where(
                experience_rules.c.qualification_id.is_not(None)
            )
        ).scalars()
    )
    with db_path("seed", "cluster-experience-rules.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        industry_id = industry_ids.get(row["industry"].casefold())
        level = int(row["qf_level"])
        qualification_id = qualification_ids.get((industry_id, row["title_en"].casefold(), level))
        # A cluster not in this catalogue (renamed by an import) is not guessed at; its own rule is kept.
        if qualification_id is None or qualification_id in present:
            continue
        bind.execute(
            experience_rules.insert().values(
                industry_id=industry_id,
                qf_level=level,
                qualification_id=qualification_id,
                min_total_years=int(row["min_total_years"]),
                min_relevant_years=int(row["min_relevant_years"]),
                always_assessed=bool(parse_yes_no(row["always_assessed"])),
            )
        )
        present.add(qualification_id)


def downgrade() -> None:
    # A rule may already have decided cases (their stored verdicts came from it): kept, as in 0006.
    pass
