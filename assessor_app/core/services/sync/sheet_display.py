"""A data sheet's rows as written since format 4.0: its data rows laid out with their shown columns.

The labels are the app's own (the case view's, the report's and the checklist's), never a copy; the
evidence types' names come from the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.models.catalogue import EvidenceTypeRecord
from assessor_app.core.domain.application_form import display_name
from assessor_app.core.domain.labels import CASE_STATUS_LABELS, ELIGIBILITY_LABELS, ROUTE_LABELS
from assessor_app.core.services.cases.summary import EMPLOYMENT_TYPE_TEXT
from assessor_app.core.services.evidence.case_checklist import STATUS_LABELS as EVIDENCE_STATUS_LABELS
from assessor_app.core.services.review.assessment import RECOMMENDATION_LABELS
from assessor_app.core.services.sync import workbook_format as fmt
from assessor_app.core.services.sync.case_rows import Row, yes_no
from assessor_app.core.services.sync.workbook_layout import CASE_FACTS, LABEL_SUFFIX, Layout

Labels = dict[tuple[str, str], dict[str, str]]  # (sheet, coded column) -> code -> "中文 English"


def _texts(pairs: dict[str, tuple[str, str]]) -> dict[str, str]:
    return {code: f"{zh} {en}" for code, (zh, en) in pairs.items()}


def labels(session: Session) -> Labels:
    """Every coded column's labels, the evidence types' from the catalogue read on ``session``."""
    evidence_types = {
        code: f"{zh} {en}"
        for code, zh, en in session.execute(
            select(EvidenceTypeRecord.code, EvidenceTypeRecord.name_zh, EvidenceTypeRecord.name_en)
        )
    }
    return {
        (fmt.APPLICATIONS.name, "status"): _texts(CASE_STATUS_LABELS),
        (fmt.APPLICATIONS.name, "route"): _texts(ROUTE_LABELS),
        (fmt.APPLICATIONS.name, "eligibility"): _texts(ELIGIBILITY_LABELS),
        (fmt.EMPLOYMENT.name, "employment_type"): dict(EMPLOYMENT_TYPE_TEXT),
        (fmt.EVIDENCE.name, "evidence_type"): evidence_types,
        (fmt.EVIDENCE.name, "status"): _texts(EVIDENCE_STATUS_LABELS),
        (fmt.RESULTS_SHEET.name, "recommendation"): _texts(RECOMMENDATION_LABELS),
    }


def case_facts(cases: Iterable[Any], applicants: tuple[fmt.Sheet, Sequence[Row]]) -> dict[object, Row]:
    """Each case's :data:`.workbook_layout.CASE_FACTS` by application key, from the rows of
    :class:`.case_rows.CaseRows` (its cases, and its applicants sheet with the names as lodged)."""
    sheet, rows = applicants
    name_of = itemgetter(*(sheet.column_index[key] for key in ("name_zh", "surname_en", "given_names_en")))
    link = sheet.column_index["application_uid"]
    names = {row[link]: display_name(*name_of(row)) for row in rows}
    return {
        case.uid: (case.reference_no, names.get(case.uid), yes_no(case.fee_paid), case.fee_receipt_no or None)
        for case in cases
    }


def displayed(layout: Layout, rows: Sequence[Row], facts: dict[object, Row], labels: Labels) -> list[Row]:
    """``rows`` (of ``layout.sheet``) as written: each row's values, its case's facts and the labels of
    its coded values, picked in the layout's order. One tuple and one pick per row."""
    sheet = layout.sheet
    record = len(sheet.keys)
    positions = {key: i for i, key in enumerate(sheet.keys)}
    positions.update({fact: record + i for i, fact in enumerate(CASE_FACTS) if fact not in positions})
    label_keys = [key for key in layout.keys if key.endswith(LABEL_SUFFIX) and key not in positions]
    coded_keys = [key.removesuffix(LABEL_SUFFIX) for key in label_keys]
    coded = [(sheet.column_index[key], labels[(sheet.name, key)]) for key in coded_keys]
    first_label = record + len(CASE_FACTS)
    positions.update({key: first_label + i for i, key in enumerate(label_keys)})
    pick = itemgetter(*(positions[key] for key in layout.keys))
    link = sheet.column_index["application_uid"]
    missing: Row = (None,) * len(CASE_FACTS)
    get_facts = facts.get
    return [
        pick((*row, *get_facts(row[link], missing), *[table.get(row[at]) for at, table in coded]))  # type: ignore[arg-type]
        for row in rows
    ]
