"""What a workbook's text cell may hold: the intake form's length and character rules, column by column.

A column the application form has (names, phone, email, address, employer, post, duties) follows the
form exactly: at most :data:`~assessor_app.core.domain.form_fields.LIMITS` characters, no control
character (a carriage return included, as the form refuses it), no blank at either end (the form trims
what is typed, so a stored value never has one). Every other text column is held to the length its
database column declares (free text: :data:`FREE_TEXT_LIMIT`) and refused a control character but the
carriage return (a line break Excel keeps in a cell, in the assessor's reasons or the Secretariat's
remarks). Both readers' cells go through :func:`text_problem`, so merge and the results import refuse
the same cells; :func:`fits` is its quick test for the common cell.
"""

from __future__ import annotations

from sqlalchemy import String

from assessor_app.core.db.models.cases import (
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    AssessmentDecisionRecord,
    EventRecord,
)
from assessor_app.core.db.models.catalogue import EvidenceTypeRecord, IndustryRecord, QualificationRecord
from assessor_app.core.domain.form_fields import LIMITS
from assessor_app.core.domain.normalise import (
    blank_ends_problem,
    clean_text,
    control_problem,
    length_problem,
)

FREE_TEXT_LIMIT = 20_000  # a text column the database does not bound (reasons, remarks, notes)


def _length(column: object) -> int:
    kind = getattr(column, "type", None)
    return kind.length if isinstance(kind, String) and kind.length else FREE_TEXT_LIMIT


_QUALIFICATION_KEY = max(  # a QR number, or the English title with " L" and the level
    _length(QualificationRecord.__table__.c.qr_number),
    _length(QualificationRecord.__table__.c.title_en) + 3,
)


# The database's own lengths for the text columns the form does not have (by workbook column key).
_STORED_LIMITS: dict[str, int] = {
    "reference_no": _length(ApplicationRecord.__table__.c.reference_no),
    "chinese_commercial_code": _length(ApplicationRecord.__table__.c.chinese_commercial_code),
    "event_code": _length(EventRecord.__table__.c.code),
    "station_code": _length(ApplicationRecord.__table__.c.station_code),
    "qualification": _QUALIFICATION_KEY,
    "title_zh": _length(QualificationRecord.__table__.c.title_zh),
    "title_en": _length(QualificationRecord.__table__.c.title_en),
    "industry": _length(IndustryRecord.__table__.c.name_en),
    "evidence_type": _length(EvidenceTypeRecord.__table__.c.code),
    "decided_by": _length(AssessmentDecisionRecord.__table__.c.decided_by),
    "signed_off_by": _length(AssessmentDecisionRecord.__table__.c.signed_off_by),
    "soa_number": _length(AppliedQualificationRecord.__table__.c.soa_number),
    "hkid": _length(ApplicantRecord.__table__.c.hkid),
}
FORM_FIELDS = frozenset(LIMITS)


def limit_of(key: str) -> int:
    """The most characters column ``key``'s text may have."""
    return LIMITS.get(key) or _STORED_LIMITS.get(key, FREE_TEXT_LIMIT)


def fits(key: str) -> tuple[int, bool]:
    """(limit, form field) of column ``key``: a cell of at most ``limit`` characters without a control
    character, and (for a form field) without blanks at either end, passes :func:`text_problem`."""
    return limit_of(key), key in FORM_FIELDS


def text_problem(key: str, text: str) -> tuple[str, str] | None:
    """Why the text ``text`` cannot be column ``key``'s value (en, zh), or None: the form's rules for a
    form field (:func:`~assessor_app.core.domain.normalise.clean_text` with the form's limit, and no
    blanks at either end), the stored column's length and the control-character rule for the others."""
    if key in FORM_FIELDS:
        ends = blank_ends_problem(text)
        problems = ([ends] if ends is not None else []) + clean_text(text, limit=LIMITS[key])[1]
    else:
        found = (control_problem(text, allow="\r"), length_problem(text, limit_of(key)))
        problems = [problem for problem in found if problem is not None]
    if not problems:
        return None
    return "; ".join(problem.en for problem in problems), "；".join(problem.zh for problem in problems)
