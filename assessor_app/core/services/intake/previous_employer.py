"""The first employer of the last application lodged at an event: the next applicant of an employer's own
promotion day usually works there too."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import ApplicationRecord, EmploymentPeriodRecord
from assessor_app.core.db.models.catalogue import IndustryRecord
from assessor_app.core.domain.application_form import OTHER_INDUSTRY


@dataclass(frozen=True)
class PreviousEmployer:
    employer: str
    industry: str  # the industry's English name as the form stores it ("other": in no catalogue industry)
    reference_no: str | None


def previous_employer(database: Database, event_id: int) -> PreviousEmployer | None:
    """The first employment row of the application lodged last at ``event_id`` (None: none lodged yet)."""
    with database.session() as session:
        row = session.execute(
            select(EmploymentPeriodRecord.employer, IndustryRecord.name_en, ApplicationRecord.reference_no)
            .join(ApplicationRecord, EmploymentPeriodRecord.application_id == ApplicationRecord.id)
            .outerjoin(IndustryRecord, EmploymentPeriodRecord.industry_id == IndustryRecord.id)
            .where(ApplicationRecord.event_id == event_id, ApplicationRecord.lodged_at.is_not(None))
            .order_by(
                ApplicationRecord.lodged_at.desc(),
                ApplicationRecord.id.desc(),
                EmploymentPeriodRecord.position,
            )
            .limit(1)
        ).first()
    if row is None:
        return None
    return PreviousEmployer(employer=row[0], industry=row[1] or OTHER_INDUSTRY, reference_no=row[2])
