"""The bilingual assessment report (評審報告) of one case, as an A4 PDF.

:func:`build_report_data` reads the case into plain values: the case summary (particulars with the HKID
masked, employment periods, the evidence checklist with who recorded each status and when, and the
eligibility decision of each qualification from ``check_application``), the assessment record of each
qualification, and the requests for documents. :func:`render_assessment_report` lays it out: applicant,
qualifications, the eligibility worksheet (rule and exam-free window applied, the experience calculation
line by line), evidence checked, the five judgements, recommendation and reasons, and a signatures block
naming who recommended and who signed off, with dates. Written atomically; read-only on the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import ApplicationRecord, EventRecord
from assessor_app.core.db.models.catalogue import AgencyRecord
from assessor_app.core.domain.eligibility import EligibilityResult, EligibilityStatus
from assessor_app.core.hong_kong_time import hong_kong_text, hong_kong_today
from assessor_app.core.services.cases.summary import CaseEligibility, CaseSummary, PeriodRow, case_summary
from assessor_app.core.services.documents.layout import (
    ACCENT,
    ACCENT_LIGHT,
    MUTED,
    WARN,
    WARN_LIGHT,
    BilingualLayout,
    DocumentKind,
    paragraph,
    save_pdf,
)
from assessor_app.core.services.documents.report_labels import (
    CASE_STATUS_LABELS,
    ELIGIBILITY_LABELS,
    REPORT_LABELS,
    ROUTE_LABELS,
)
from assessor_app.core.services.evidence.case_checklist import STATUS_LABELS as EVIDENCE_STATUS_LABELS
from assessor_app.core.services.review.assessment import (
    JUDGEMENT_LABELS,
    JUDGEMENTS,
    RECOMMENDATION_LABELS,
    AssessmentRow,
    assessment_rows,
)
from assessor_app.core.services.review.document_requests import RequestRow, requests_for_case
from assessor_app.core.services.shared import display_names

REPORT = DocumentKind(
    title="Assessment report 評審報告",
    subject="RPL assessment report 過往資歷認可評審報告",
    name_en="assessment report",
    name_zh="評審報告",
    unwritable_code="report_unwritable",
)


@dataclass(frozen=True)
class ReportData:
    """Everything printed on the report, as plain values; the HKID is present only masked."""

    summary: CaseSummary
    agency_name_zh: str
    agency_name_en: str
    assessments: tuple[AssessmentRow, ...]
    requests: tuple[RequestRow, ...]
    user_names: dict[str, str]

    @property
    def reference(self) -> str:
        return self.summary.reference_no or f"#{self.summary.application_id}"

    @property
    def final(self) -> bool:
        """Every qualification is signed off."""
        return bool(self.assessments) and all(row.signed_off_by for row in self.assessments)


def build_report_data(database: Database, evidence_dir: Path, application_id: int) -> ReportData:
    """The report of case ``application_id``; ``AppError(code="application_not_found")`` if there is none."""
    summary = case_summary(database, evidence_dir, application_id)
    assessments = tuple(assessment_rows(database, application_id))
    requests = tuple(requests_for_case(database, application_id, today=hong_kong_today()))
    with database.session() as session:
        agency = session.execute(
            select(AgencyRecord.name_zh, AgencyRecord.name_en)
            .join(EventRecord, EventRecord.agency_id == AgencyRecord.id)
            .join(ApplicationRecord, ApplicationRecord.event_id == EventRecord.id)
            .where(ApplicationRecord.id == application_id)
        ).one_or_none()
        names = display_names(
            session,
            {item.recorded_by for item in summary.checklist} | {summary.hkid_verified_by},
        )
    return ReportData(
        summary=summary,
        agency_name_zh=agency[0] if agency else "",
        agency_name_en=agency[1] if agency else "",
        assessments=assessments,
        requests=requests,
        user_names=names,
    )


# --- Layout -------------------------------------------------------------------------------------------


def _pair(labels: dict[str, tuple[str, str]], key: str | None) -> tuple[str, str]:
    if key is None:
        return ("—", "")
    return labels.get(key, (key, key))


def _moment(moment: datetime | None) -> str:
    return hong_kong_text(moment) or "—"


class _ReportLayout(BilingualLayout):
    def __init__(self, data: ReportData, printed_at: datetime | None) -> None:
        super().__init__(REPORT_LABELS, printed_at=printed_at, footer_left=REPORT.footer(data.reference))
        self.data = data
        self.line = self.style("line", 8.5, leading=11, leftIndent=12, firstLineIndent=-12)
        self.line_en = self.style("line_en", 7.5, leading=9.5, leftIndent=12, spaceAfter=2, textColor=MUTED)
        self.subheading = self.style("subheading", 10, spaceBefore=4, spaceAfter=2, keepWithNext=1)
        # A section heading never ends a page on its own.
        self.heading = self.style(
            "report_heading", 11, spaceBefore=5, spaceAfter=2, textColor=ACCENT, keepWithNext=1
        )

    def pair(self, zh: str, en: str) -> Any:
        return self.bilingual(zh, en, self.cell, second_size=8)

    def yes_no(self, value: bool) -> Any:
        zh, en = REPORT_LABELS["yes" if value else "no"]
        return self.p(f"{zh} {en}", self.cell)

    def user(self, username: str | None) -> str:
        if not username:
            return "—"
        name = self.data.user_names.get(username, username)
        return name if name == username else f"{name} ({username})"

    # sections

    def particulars(self, width: float) -> list[Any]:
        s = self.data.summary
        status_zh, status_en = _pair(CASE_STATUS_LABELS, s.status)
        verified = (
            f"{self.user(s.hkid_verified_by)} {_moment(s.hkid_verified_at)}" if s.hkid_verified_by else "—"
        )
        carer_zh, carer_en = REPORT_LABELS["yes" if s.carer_declaration else "no"]
        fee = f"HK${s.fee_hkd:,}" if s.fee_hkd is not None else "—"
        rows = [
            [
                *self.label_value("reference", self.data.reference),
                self.inline("status", self.cell_head),
                self.pair(status_zh, status_en),
            ],
            [
                *self.label_value("application_date", s.application_date.isoformat()),
                *self.label_value("event", s.event_name),
            ],
            [*self.label_value("name_zh", s.name_zh), *self.label_value("hkid", s.hkid_masked)],
            [*self.label_value("name_en", s.name_en), *self.label_value("hkid_verified", verified)],
            [*self.label_value("carer", f"{carer_zh} {carer_en}"), *self.label_value("fee", fee)],
        ]
        label_width = 0.19 * width
        return [
            self.section("case"),
            self.label_grid(rows, [label_width, 0.31 * width, label_width, 0.31 * width]),
        ]

    def qualifications(self, width: float) -> list[Any]:
        from reportlab.platypus import Table

        header = [
            self.p("#", self.cell_head),
            self.stacked("qualification", self.cell_head),
            self.stacked("level", self.cell_head),
            self.stacked("qr_number", self.cell_head),
            self.stacked("route", self.cell_head),
            self.stacked("recommendation", self.cell_head),
        ]
        rows: list[list[Any]] = [header]
        routes = {
            entry.qualification.qualification_id: entry.qualification.result.route.value
            for entry in self.data.summary.eligibility
        }
        for number, row in enumerate(self.data.assessments, start=1):
            route = row.route or routes.get(row.qualification_id)
            recommendation = RECOMMENDATION_LABELS.get(
                row.recommendation or "", REPORT_LABELS["not_recommended"]
            )
            rows.append(
                [
                    self.p(str(number), self.cell),
                    self.pair(row.title_zh, row.title_en),
                    self.p(str(row.qf_level), self.cell),
                    self.p(row.qr_number or "—", self.cell),
                    self.pair(*_pair(ROUTE_LABELS, route)),
                    self.pair(*recommendation),
                ]
            )
        table = Table(
            rows,
            colWidths=[0.05 * width, 0.37 * width, 0.1 * width, 0.16 * width, 0.16 * width, 0.16 * width],
            repeatRows=1,
        )
        table.setStyle(self.grid_style())
        return [self.section("qualifications"), table]

    def employment(self, width: float) -> list[Any]:
        from reportlab.platypus import Table

        header = [
            self.stacked("employer", self.cell_head),
            self.stacked("industry", self.cell_head),
            self.stacked("period", self.cell_head),
            self.stacked("type", self.cell_head),
            self.stacked("in_hk", self.cell_head),
            self.stacked("relevant", self.cell_head),
            self.stacked("proven", self.cell_head),
        ]
        rows: list[list[Any]] = [header]
        for period in self.data.summary.periods:
            rows.append(self.period_row(period))
        extra: list[Any] = []
        if not self.data.summary.periods:
            rows.append([self.p(self.label("none"), self.cell), "", "", "", "", "", ""])
            extra.append(("SPAN", (0, 1), (-1, 1)))
        table = Table(
            rows,
            colWidths=[w * width for w in (0.27, 0.13, 0.2, 0.13, 0.09, 0.09, 0.09)],
            repeatRows=1,
        )
        table.setStyle(self.grid_style(extra=extra))
        return [self.section("employment"), table]

    def period_row(self, period: PeriodRow) -> list[Any]:
        end = period.end.isoformat() if period.end else self.label("present")
        employer = f"{period.employer}\n{period.post}" if period.post else period.employer
        kind = "caring" if period.kind == "caring" else period.employment_type.replace("_", " ")
        if period.hours_per_week:
            kind += f", {period.hours_per_week} h/wk"
        if period.weight_percent is not None:
            kind += f", {period.weight_percent}%"
        # Relevance by the qualification's number in the worksheet below (1, 2, ...).
        numbers = [
            str(number)
            for number, entry in enumerate(self.data.summary.eligibility, start=1)
            if entry.qualification.qualification_id in period.relevant_to
        ]
        return [
            self.p(employer, self.cell),
            self.pair(period.industry_zh, period.industry_en),
            self.p(f"{period.start.isoformat()} – {end}", self.cell),
            self.p(kind, self.cell),
            self.yes_no(period.in_hong_kong),
            self.p(", ".join(numbers), self.cell) if numbers else self.pair(*REPORT_LABELS["industry_only"]),
            self.yes_no(period.proven),
        ]

    def outcome_text(self, result: EligibilityResult) -> tuple[str, str]:
        zh, en = _pair(ELIGIBILITY_LABELS, result.status.value)
        months = result.shortfall_months
        if result.status is EligibilityStatus.SHORT and months:
            short_zh, short_en = REPORT_LABELS["shortfall"]
            unit_zh, unit_en = REPORT_LABELS["months"]
            zh += f"（{short_zh} {months} {unit_zh}）"
            en += f" ({short_en} {months} {unit_en})"
        return zh, en

    def worksheet(self, width: float) -> list[Any]:
        """Per qualification: the rule, window and outcomes, then each explanation line (zh above en).

        Each block is kept together on a page (never nested: a nested KeepTogether forces a page break).
        """
        from reportlab.platypus import KeepTogether

        flowables: list[Any] = []
        for number, entry in enumerate(self.data.summary.eligibility, start=1):
            block = self.worksheet_for(width, number, entry)
            flowables.append(KeepTogether([self.section("worksheet"), *block] if number == 1 else block))
            groups = [
                [
                    paragraph(f"{index}.&nbsp;" + self.text.markup(line.zh), self.line),
                    paragraph(self.text.markup(line.en, color=MUTED), self.line_en),
                ]
                for index, line in enumerate(entry.qualification.explanation, start=1)
            ]
            if groups:
                groups[0].insert(0, self.inline("calculation", self.cell_head))
            flowables += [KeepTogether(group) for group in groups]
        return flowables

    def halves_row(self, result: EligibilityResult) -> list[list[Any]]:
        """Both halves of the rule: months counted against months required, and each shortfall."""
        experience = result.experience
        if experience is None:
            return []
        total_zh, total_en = REPORT_LABELS["total_half"]
        relevant_zh, relevant_en = REPORT_LABELS["relevant_half"]
        short_zh, short_en = REPORT_LABELS["shortfall"]
        unit_zh, unit_en = REPORT_LABELS["months"]

        def half(label_zh: str, label_en: str, counted: int, required: int, short: int) -> tuple[str, str]:
            zh = f"{label_zh} {counted}（{required}）"
            en = f"{label_en} {counted} ({required})"
            if short:
                zh += f"，{short_zh} {short} {unit_zh}"
                en += f", {short_en} {short} {unit_en}"
            return zh, en

        total = half(
            total_zh,
            total_en,
            experience.total_months,
            experience.required_total_months,
            experience.total_shortfall_months,
        )
        relevant = half(
            relevant_zh,
            relevant_en,
            experience.relevant_months,
            experience.required_relevant_months,
            experience.relevant_shortfall_months,
        )
        return [
            [
                self.inline("months_against_rule", self.cell_head),
                self.pair(f"{total[0]}；{relevant[0]}", f"{total[1]}; {relevant[1]}"),
            ]
        ]

    def worksheet_for(self, width: float, number: int, entry: CaseEligibility) -> list[Any]:
        qualification = entry.qualification
        result = qualification.result
        if result.rule is not None:
            rule = result.rule.requirement(result.level).describe()
            rule_cell = self.pair(rule.zh, rule.en)
        else:
            rule_cell = self.pair(*REPORT_LABELS["no_rule"])
        if result.window is not None:
            window = result.window.describe(qualification.industry_en, qualification.industry_zh)
            window_cell = self.pair(window.zh, window.en)
        else:
            window_cell = self.pair(*REPORT_LABELS["no_window"])
        rows = [
            [self.inline("rule", self.cell_head), rule_cell],
            [self.inline("window", self.cell_head), window_cell],
            [
                self.inline("application_date", self.cell_head),
                self.p(result.application_date.isoformat(), self.cell),
            ],
            [self.inline("route", self.cell_head), self.pair(*_pair(ROUTE_LABELS, result.route.value))],
            *self.halves_row(result),
            [self.inline("outcome", self.cell_head), self.pair(*self.outcome_text(result))],
            [self.inline("outcome_proven", self.cell_head), self.pair(*self.outcome_text(entry.proven))],
        ]
        title = f"{number}. {qualification.title_zh or qualification.title_en}"
        if qualification.title_zh:
            title += f" {qualification.title_en}"
        title += f"（QF L{qualification.qf_level}）"
        if entry.carer_declaration:
            carer_zh, carer_en = REPORT_LABELS["carer_declaration"]
            title += f" · {carer_zh} {carer_en}"
        table = self.label_grid(rows, [0.3 * width, 0.7 * width])
        return [self.p(title, self.subheading), table]

    def evidence(self, width: float) -> list[Any]:
        from reportlab.platypus import Table

        header = [
            self.stacked("document", self.cell_head),
            self.stacked("period", self.cell_head),
            self.stacked("status", self.cell_head),
            self.stacked("recorded", self.cell_head),
            self.stacked("files", self.cell_head),
        ]
        rows: list[list[Any]] = [header]
        for item in self.data.summary.checklist:
            status_zh, status_en = EVIDENCE_STATUS_LABELS.get(item.status, (item.status, item.status))
            if item.reason:
                status_en = f"{status_en}: {item.reason}"
            period = ""
            if item.period_id is not None:
                start = item.period_start.isoformat() if item.period_start else "?"
                end = item.period_end.isoformat() if item.period_end else self.label("present")
                period = f"{item.period_label}\n{start} – {end}"
            recorded = (
                f"{self.user(item.recorded_by)}\n{_moment(item.recorded_at)}" if item.recorded_by else "—"
            )
            files = sum(1 for attachment in item.attachments if attachment.erased_at is None)
            rows.append(
                [
                    self.pair(item.type_zh, item.type_en),
                    self.p(period or "—", self.cell),
                    self.pair(status_zh, status_en),
                    self.p(recorded, self.cell),
                    self.p(str(files), self.cell),
                ]
            )
        extra: list[Any] = []
        if not self.data.summary.checklist:
            rows.append([self.p(self.label("none"), self.cell), "", "", "", ""])
            extra.append(("SPAN", (0, 1), (-1, 1)))
        table = Table(rows, colWidths=[w * width for w in (0.27, 0.27, 0.18, 0.2, 0.08)], repeatRows=1)
        table.setStyle(self.grid_style(extra=extra))
        return [self.section("evidence"), table]

    def requests(self, width: float) -> list[Any]:
        from reportlab.platypus import Table

        if not self.data.requests:
            return []
        header = [
            self.stacked("requested", self.cell_head),
            self.stacked("due", self.cell_head),
            self.stacked("items", self.cell_head),
            self.stacked("status", self.cell_head),
        ]
        rows: list[list[Any]] = [header]
        extra: list[Any] = []
        for index, request in enumerate(self.data.requests, start=1):
            items = "\n".join(
                f"• {item.name_zh} {item.name_en}" if item.name_zh != item.name_en else f"• {item.name_zh}"
                for item in request.items
            )
            if request.fulfilled:
                state = f"{self.label('fulfilled')}\n{_moment(request.fulfilled_at)}"
            elif request.overdue:
                state = self.label("overdue")
                extra.append(("BACKGROUND", (3, index), (3, index), WARN_LIGHT))
            else:
                state = self.label("open")
            rows.append(
                [
                    self.p(f"{_moment(request.requested_at)}\n{request.requested_by_name}", self.cell),
                    self.p(request.due_date.isoformat(), self.cell),
                    self.p(items, self.cell),
                    self.p(state, self.cell),
                ]
            )
        table = Table(rows, colWidths=[w * width for w in (0.2, 0.12, 0.5, 0.18)], repeatRows=1)
        table.setStyle(self.grid_style(extra=extra))
        return [self.section("requests"), table]

    def judgements(self, width: float) -> list[Any]:
        from reportlab.platypus import KeepTogether

        flowables: list[Any] = []
        for number, row in enumerate(self.data.assessments, start=1):
            rows: list[list[Any]] = [
                [self.inline("rule_name", self.cell_head), self.inline("finding", self.cell_head)]
            ]
            for name in JUDGEMENTS:
                zh, en = JUDGEMENT_LABELS[name]
                rows.append([self.pair(zh, en), self.p(row.judgements[name] or "—", self.cell)])
            rows.append([self.pair(*REPORT_LABELS["notes"]), self.p(row.notes or "—", self.cell)])
            recommendation = RECOMMENDATION_LABELS.get(
                row.recommendation or "", REPORT_LABELS["not_recommended"]
            )
            rows.append([self.pair(*REPORT_LABELS["recommendation"]), self.pair(*recommendation)])
            rows.append([self.pair(*REPORT_LABELS["reasons"]), self.p(row.reasons or "—", self.cell)])
            highlight = len(rows) - 2
            table = self.label_grid(
                rows,
                [0.25 * width, 0.75 * width],
                extra=[
                    ("BACKGROUND", (1, 0), (1, 0), ACCENT_LIGHT),
                    ("BACKGROUND", (1, highlight), (1, highlight), ACCENT_LIGHT),
                ],
            )
            title = f"{number}. {row.title_zh or row.title_en}"
            if row.title_zh:
                title += f" {row.title_en}"
            heading = [self.section("judgement")] if number == 1 else []
            flowables.append(KeepTogether([*heading, self.p(title, self.subheading), table]))
        return flowables

    def signatures(self, width: float) -> list[Any]:
        from reportlab.platypus import KeepTogether, Table

        flowables: list[Any] = []
        if not self.data.final:
            zh, en = REPORT_LABELS["draft_note"]
            flowables.append(
                paragraph(
                    self.text.markup(zh, color=WARN) + " " + self.text.markup(en, color=WARN), self.body
                )
            )
        header = [
            self.p("#", self.cell_head),
            self.stacked("qualification", self.cell_head),
            self.p("", self.cell_head),
            self.stacked("name", self.cell_head),
            self.stacked("date", self.cell_head),
            self.stacked("signature", self.cell_head),
        ]
        rows: list[list[Any]] = [header]
        extra: list[Any] = []
        for number, row in enumerate(self.data.assessments, start=1):
            first = len(rows)
            title = self.pair(row.title_zh, row.title_en)
            for key, username, name, moment in (
                ("recommended_by", row.decided_by, row.decided_by_name, row.decided_at),
                ("signed_off_by", row.signed_off_by, row.signed_off_by_name, row.signed_off_at),
            ):
                person = f"{name}\n({username})" if username and name and name != username else username or ""
                rows.append(
                    [
                        self.p(str(number), self.cell),
                        title,
                        self.pair(*REPORT_LABELS[key]),
                        self.p(person or self.label("pending"), self.cell),
                        self.p(_moment(moment), self.cell),
                        "",
                    ]
                )
            extra += [("SPAN", (0, first), (0, first + 1)), ("SPAN", (1, first), (1, first + 1))]
        table = Table(
            rows,
            colWidths=[w * width for w in (0.05, 0.27, 0.15, 0.2, 0.15, 0.18)],
            rowHeights=[None] + [13 * self.mm] * (len(rows) - 1),
            repeatRows=1,
        )
        table.setStyle(self.grid_style(extra=[*extra, ("VALIGN", (0, 1), (-1, -1), "MIDDLE")]))
        return [KeepTogether([self.section("signatures"), *flowables, table])]

    def story(self, width: float) -> list[Any]:
        d = self.data
        return [
            self.banner(width, agency_zh=d.agency_name_zh, agency_en=d.agency_name_en),
            *self.particulars(width),
            *self.qualifications(width),
            *self.employment(width),
            *self.worksheet(width),
            *self.evidence(width),
            *self.requests(width),
            *self.judgements(width),
            *self.signatures(width),
        ]


def render_assessment_report(
    database: Database,
    evidence_dir: Path,
    application_id: int,
    out: Path,
    *,
    printed_at: datetime | None = None,
) -> Path:
    """Print the assessment report of case ``application_id`` to ``out`` (A4 PDF, atomically); returns ``out``.

    ``AppError(code="report_unwritable")`` when the file cannot be written (nothing is left behind).
    """
    out = Path(out)
    data = build_report_data(database, evidence_dir, application_id)
    layout = _ReportLayout(data, printed_at)
    author = data.agency_name_en or data.agency_name_zh
    save_pdf(layout, layout.story, out, REPORT, reference=data.reference, author=author)
    return out
