"""What stops lodging beyond the form's own fields: the chosen event, the catalogue's industries and terms."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from assessor_app.core.domain.application_form import OTHER_INDUSTRY, ApplicationForm
from assessor_app.core.domain.form_fields import FieldProblem

EVENT_REQUIRED = FieldProblem("event", "event_required", "Choose the event.", "請選擇活動。")
CARER_NOT_ALLOWED_EN = (
    "A carer's declaration is accepted only for the eight elderly-care qualifications open to carers."
)
CARER_NOT_ALLOWED_ZH = "照顧者聲明只適用於開放予照顧者申請的八項安老服務資歷。"


@dataclass(frozen=True)
class QualificationTerms:
    """What the form's rules need to know of a chosen qualification."""

    id: int
    open_to_carers: bool


def lodging_problems(
    form: ApplicationForm,
    *,
    event_chosen: bool,
    qualifications: Sequence[QualificationTerms],
    industries: Collection[str],
) -> list[FieldProblem]:
    """What stops lodging beyond the form's own fields: no event chosen, a carer's declaration for a
    qualification not open to carers, or a period in an industry the catalogue does not know
    (``industries``: the English names; :data:`OTHER_INDUSTRY` is always allowed). The intake page shows
    these as the clerk types; the intake service and headless lodging refuse the same."""
    problems = []
    terms = {q.id: q for q in qualifications}
    for qualification_id in dict.fromkeys(form.carer_qualification_ids):
        if qualification_id in terms and not terms[qualification_id].open_to_carers:
            problems.append(
                FieldProblem(
                    f"qualifications.{form.qualification_ids.index(qualification_id)}.carer_declaration",
                    "carer_not_allowed",
                    CARER_NOT_ALLOWED_EN,
                    CARER_NOT_ALLOWED_ZH,
                )
            )
    known = {name.casefold() for name in industries} | {OTHER_INDUSTRY}
    for index, row in enumerate(form.employment):
        industry = row.industry.strip()
        if not row.is_blank() and industry and industry.casefold() not in known:
            problems.append(
                FieldProblem(
                    f"employment.{index}.industry",
                    "industry_unknown",
                    f'Unknown industry {industry!r}: choose one of the list, or "other industry '
                    '(not counted)".',
                    f"不明行業「{industry}」：請從清單選擇，或選「其他行業（不計算）」。",
                )
            )
    if not event_chosen:
        problems.append(EVENT_REQUIRED)
    return problems
