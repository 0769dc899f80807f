"""The intake form's one check: its own fields, then the event and the catalogue's terms and industries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.catalogue import IndustryRecord, QualificationRecord
from assessor_app.core.domain.application_form import ApplicationForm, CleanForm, validate_form
from assessor_app.core.domain.form_fields import FieldProblem, Severity
from assessor_app.core.domain.lodging_rules import QualificationTerms, lodging_problems

# Built once: every check of a form (each lodging, each pause in typing) runs both.
_TERMS = select(QualificationRecord.id, QualificationRecord.open_to_carers).where(
    QualificationRecord.id.in_(bindparam("ids", expanding=True))
)
_INDUSTRY_NAMES = select(IndustryRecord.name_en)


@dataclass(frozen=True)
class CheckedForm:
    """A form checked once: its clean values (None while a field is in error) and every problem it has,
    the catalogue's rules included: what the page shows and lodging refuses (errors) or records as
    overridden (warnings)."""

    form: ApplicationForm
    clean: CleanForm | None
    problems: tuple[FieldProblem, ...]

    @property
    def errors(self) -> list[FieldProblem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> tuple[FieldProblem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)


def checked_form(session: Session, form: ApplicationForm, *, today: date) -> CheckedForm:
    """The form's one check: its own fields (:func:`validate_form`), then the event and the catalogue's
    terms and industries (:func:`lodging_problems`)."""
    clean, problems = validate_form(form, today=today)
    terms = [
        QualificationTerms(qualification_id, bool(open_to_carers))
        for qualification_id, open_to_carers in session.execute(_TERMS, {"ids": list(form.qualification_ids)})
    ]
    industries = session.scalars(_INDUSTRY_NAMES).all()
    more = lodging_problems(
        form, event_chosen=form.event_id is not None, qualifications=terms, industries=industries
    )
    return CheckedForm(form, clean, (*problems, *more))


def check_lodging(database: Database, form: ApplicationForm, *, today: date) -> list[FieldProblem]:
    """The problems of :func:`checked_form` on a read of its own: the intake page's live check."""
    with database.engine.connect() as connection, Session(bind=connection) as session:
        return list(checked_form(session, form, today=today).problems)
