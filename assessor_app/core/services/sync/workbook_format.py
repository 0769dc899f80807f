"""The batch workbook format: every sheet and column, versioned. The single source of truth.

The writer, the reader, the codebook sheet inside every workbook and ``docs/batch-workbook.md`` (see
:func:`.workbook_doc.render_markdown`; a test checks the file matches) are all derived from
:data:`DATA_SHEETS`; :mod:`.workbook_personal_data` derives the minimised sheets from them, and
:mod:`.workbook_legacy` holds the sheets of format 2.0, still read.

Layout of every data sheet: row 1 holds the bilingual label of each column (Chinese, a line break,
English), row 2 the column's stable **key** (what the reader matches on), data from row 3. Both header
rows are frozen and row 2 carries the filter buttons.
"""

from __future__ import annotations

from datetime import date

from assessor_app.core.domain.enums import CaseStatus, EmploymentType, EvidenceStatus, ResidenceStatus, Route
from assessor_app.core.services.sync.workbook_columns import Column as Column
from assessor_app.core.services.sync.workbook_columns import ColumnType as ColumnType
from assessor_app.core.services.sync.workbook_columns import DateSpan as DateSpan
from assessor_app.core.services.sync.workbook_columns import Sheet as Sheet
from assessor_app.core.services.sync.workbook_columns import column

FORMAT_VERSION = "4.0"  # 2.0: employment industry, results decided_by; 3.x and on: see CHANGES
FORMAT_NAME = "rpl-batch-workbook"
HEADER_ROWS = 2  # row 1 labels, row 2 keys
FIRST_DATA_ROW = HEADER_ROWS + 1


YES, NO = "Y", "N"
RESULTS = ("passed", "failed")
RECOMMENDATIONS = ("pass", "fail")
ELIGIBILITY = ("meets", "needs_decision", "short", "not_eligible", "no_rule")
LANGUAGES = ("zh_HK", "en")
PERIOD_KINDS = ("employment", "caring")
KEY_SEPARATOR = "; "  # between the qualification keys of a relevant_to cell
# What each format version changed (the docs and the codebook say it; the reader still reads 2.x).
CHANGES: tuple[tuple[str, str], ...] = (
    ("2.0", "employment: industry; results: decided_by."),
    (
        "3.0",
        "applicants: one row per application (key application_uid), the particulars as written on that "
        "form, with Chinese commercial code and address; employment: relevant_to (the qualifications the "
        "period is relevant to), kind, weight_percent and overseas_accepted replace relevant; "
        "applications: application_date is the date received (or postmark), its key unchanged.",
    ),
    (
        "3.1",
        "manifest: signing_key (the exporting station's key fingerprint) and signature (Ed25519, over the "
        "data SHA-256, batch key, station, agency and time); a merge accepts only signed batches.",
    ),
    (
        "3.2",
        "manifest: personal_data (full, masked or minimised: what personal data the file carries); an "
        "unencrypted export is minimised: its applicants sheet has only the minimised columns (no date of "
        "birth, phone, e-mail or address). A 3.1 workbook (no personal_data) is read as full or masked by "
        "its hkid_form.",
    ),
    (
        "3.3",
        "manifest: audit_entries and audit_head (the exporting laptop's audit chain head when the batch was "
        "written: entry count and last hash), both signed; `audit verify --against FILE` checks the trail "
        "against them.",
    ),
    (
        "4.0",
        "every sheet laid out for a reader: the reference number and the applicant's name on every "
        "sheet's rows, the bilingual label beside each coded value, the fee paid and its receipt number "
        "on the applications sheet (all *shown* columns: never read back, not in data_sha256), the keys "
        "moved to the right; printed landscape, one page wide, header rows repeated, keys off the paper. "
        "The data columns, their values and the hashes are 3.3's.",
    ),
)


# The plausible dates of each date column, declared beside it below.
BIRTH_DATES = DateSpan(date(1900, 1, 1))
WORK_DATES = DateSpan(date(1940, 1, 1))
# RPL began in 2008; nothing of it is dated earlier. Received and sign-off dates are this laptop's or
# another's today; an SoA may carry a date the Secretariat set ahead (up to a year).
SCHEME_DATES = DateSpan(date(2008, 1, 1))
SOA_DATES = DateSpan(date(2008, 1, 1), days_ahead=366)


T = ColumnType
_UID_RULE = "Stable identifier (UUID) of the record, the same on every laptop and in every batch; never edit."
_DATE_RULE = "A real date (yyyy-mm-dd); blank when unknown."
# The column that ties a row of the applicants, employment, evidence and results sheets to its case.
_APPLICATION_LINK = column(
    "application_uid",
    "申請編號",
    "Application key",
    T.UID,
    "Links to the applications sheet.",
    required=True,
    width=38,
)

APPLICANTS = Sheet(
    "applicants",
    "申請人",
    "Applicants",
    ("application_uid",),
    (
        _APPLICATION_LINK,
        column("reference_no", "參考編號", "Reference number", T.TEXT, "Informative.", width=20),
        column(
            "applicant_uid",
            "申請人編號",
            "Applicant key",
            T.UID,
            "The person (one per HKID), the same on every row of their applications; never edit.",
            required=True,
            width=38,
        ),
        column(
            "hkid",
            "香港身份證號碼",
            "HKID number",
            T.HKID,
            "Masked as A123***(*) unless the batch was exported with full numbers (then the file is encrypted); text, never a number.",
            required=True,
            width=14,
        ),
        column(
            "residence_status",
            "居民身份",
            "Residence status",
            T.CHOICE,
            "Symbol under the date of birth on the HKID card, or OWP for a one-way permit holder.",
            allowed=tuple(s.value for s in ResidenceStatus),
            required=True,
        ),
        column("name_zh", "中文姓名", "Chinese name", T.TEXT, "As on the HKID card; may be blank.", width=14),
        column(
            "surname_en",
            "英文姓氏",
            "English surname",
            T.TEXT,
            "As on the HKID card.",
            required=True,
            width=16,
        ),
        column("given_names_en", "英文名字", "English given names", T.TEXT, "As on the HKID card.", width=20),
        column("alias", "別名", "Alias", T.TEXT, "Optional."),
        column(
            "chinese_commercial_code", "中文電碼", "Chinese commercial code", T.TEXT, "Optional.", width=16
        ),
        column("date_of_birth", "出生日期", "Date of birth", T.DATE, _DATE_RULE, width=12, dates=BIRTH_DATES),
        column(
            "phone",
            "電話",
            "Phone",
            T.PHONE,
            "Text (+852 and eight digits for Hong Kong numbers) so leading zeros and + survive.",
            width=16,
        ),
        column("email", "電郵", "Email", T.TEXT, "Optional.", width=24),
        column(
            "address", "地址", "Address", T.TEXT, "As written on the form; may hold line breaks.", width=36
        ),
        column(
            "preferred_language",
            "通訊語言",
            "Preferred language",
            T.CHOICE,
            "zh_HK Chinese, en English.",
            allowed=LANGUAGES,
            required=True,
        ),
    ),
    "One row per application: the applicant's particulars as written on that form (as lodged; a later "
    "change of the person's particulars does not change them). A person with two applications in the "
    "batch has two rows, with the same applicant key and HKID; the particulars may differ.",
)

APPLICATIONS = Sheet(
    "applications",
    "申請",
    "Applications",
    ("application_uid", "qualification"),
    (
        column("application_uid", "申請編號", "Application key", T.UID, _UID_RULE, required=True, width=38),
        column(
            "reference_no",
            "參考編號",
            "Reference number",
            T.TEXT,
            "Station code, date and sequence printed on the applicant's slip, e.g. LT01-20231108-0007.",
            width=20,
        ),
        column(
            "applicant_uid",
            "申請人編號",
            "Applicant key",
            T.UID,
            "Links to the applicants sheet.",
            required=True,
            width=38,
        ),
        column(
            "event_code",
            "活動代碼",
            "Event code",
            T.TEXT,
            "The promotion day the form was taken at; blank for walk-ins.",
        ),
        column("station_code", "工作站", "Station", T.TEXT, "The laptop that took the form.", width=10),
        column(
            "status",
            "個案狀態",
            "Case status",
            T.CHOICE,
            "The case's state once this batch is recorded (signed-off cases become exported).",
            allowed=tuple(s.value for s in CaseStatus),
            required=True,
            width=18,
        ),
        column(
            "application_date",
            "收件日期（或郵戳日期）",
            "Received on (or postmark)",
            T.DATE,
            "The date the form reached the agency, or its postmark date; every rule counts from it "
            "(exam-free window, periods to the present, reimbursement).",
            required=True,
            width=12,
            dates=SCHEME_DATES,
        ),
        column(
            "carer_declaration",
            "照顧者聲明",
            "Carer declaration",
            T.YESNO,
            "Y: a carer's declaration for this qualification (only for qualifications open to carers).",
            allowed=(YES, NO),
            required=True,
        ),
        column(
            "fee_hkd",
            "費用（港元）",
            "Fee (HK$)",
            T.INTEGER,
            "Fee charged for the whole form, 0 to 1,000,000; blank if not yet set.",
            width=10,
            bounds=(0, 1_000_000),
        ),
        column(
            "qualification",
            "資歷名冊編號",
            "QR number",
            T.TEXT,
            "The qualification applied for (one row each): its QR number, e.g. 15/003202/L2, or the English title followed by ' L' and the level when it has none.",
            required=True,
            width=18,
        ),
        column("title_zh", "資歷名稱（中文）", "Qualification (Chinese)", T.TEXT, "Informative.", width=28),
        column(
            "title_en",
            "資歷名稱（英文）",
            "Qualification (English)",
            T.TEXT,
            "Informative.",
            required=True,
            width=32,
        ),
        column(
            "qf_level",
            "資歷級別",
            "QF level",
            T.INTEGER,
            "1 to 4.",
            allowed=("1", "2", "3", "4"),
            required=True,
            width=8,
        ),
        column(
            "route",
            "評核途徑",
            "Route",
            T.CHOICE,
            "Documents alone or assessment; blank until decided.",
            allowed=tuple(r.value for r in Route),
        ),
        column(
            "eligibility",
            "資格",
            "Eligibility",
            T.CHOICE,
            "The experience check's outcome; blank until checked.",
            allowed=ELIGIBILITY,
        ),
    ),
    "One row per qualification applied for: a form with three clusters has three rows with the same application key.",
)

EMPLOYMENT = Sheet(
    "employment",
    "工作經驗",
    "Employment periods",
    ("period_uid",),
    (
        column("period_uid", "工作經驗編號", "Period key", T.UID, _UID_RULE, required=True, width=38),
        _APPLICATION_LINK,
        column("position", "次序", "Order", T.INTEGER, "Order on the form, from 0.", required=True, width=6),
        column("employer", "僱主", "Employer", T.TEXT, "As declared.", required=True, width=24),
        column("post", "職位", "Post", T.TEXT, "As declared.", width=18),
        column(
            "industry",
            "行業",
            "Industry",
            T.TEXT,
            "The industry's English name as in the catalogue; blank if not declared.",
            width=22,
        ),
        column(
            "start_date",
            "開始日期",
            "Start date",
            T.DATE,
            _DATE_RULE,
            required=True,
            width=12,
            dates=WORK_DATES,
        ),
        column(
            "end_date",
            "結束日期",
            "End date",
            T.DATE,
            "Blank: still employed; never before the start date.",
            width=12,
            dates=WORK_DATES,
        ),
        column(
            "employment_type",
            "受僱類別",
            "Employment type",
            T.CHOICE,
            "Full-time, part-time, self-employed or carer.",
            allowed=tuple(e.value for e in EmploymentType),
            required=True,
        ),
        column(
            "hours_per_week",
            "每周工時",
            "Hours per week",
            T.INTEGER,
            "1 to 168; blank if not declared.",
            width=8,
            bounds=(1, 168),
        ),
        column(
            "in_hong_kong",
            "在香港",
            "In Hong Kong",
            T.YESNO,
            "Y or N.",
            allowed=(YES, NO),
            required=True,
            width=8,
        ),
        column(
            "kind",
            "經驗類別",
            "Kind",
            T.CHOICE,
            "employment: paid work or self-employment (employer's proof); caring: caring for a family "
            "member or volunteering (the carer's declaration; counts only for a qualification with one).",
            allowed=PERIOD_KINDS,
            required=True,
            width=12,
        ),
        column(
            "relevant_to",
            "相關資歷",
            "Relevant to",
            T.TEXT,
            "The qualifications this period is relevant experience for: their keys as in the applications "
            "sheet's qualification column, joined by '; ', in that sheet's order; blank: in the industry "
            "only (counts towards total, not relevant, experience).",
            width=30,
        ),
        column(
            "weight_percent",
            "計算比重（%）",
            "Weight (%)",
            T.INTEGER,
            "The assessor's confirmed weight of a part-time period, 1 to 100; blank: not yet confirmed "
            "(counted in full).",
            width=8,
            bounds=(1, 100),
        ),
        column(
            "overseas_accepted",
            "接納香港以外經驗",
            "Overseas accepted",
            T.YESNO,
            "For work outside Hong Kong, the assessor's decision: Y accepted, N not; blank: not decided.",
            allowed=(YES, NO),
            width=10,
        ),
        column("duties", "職責", "Duties", T.TEXT, "As declared; may hold line breaks.", width=40),
    ),
    "One row per employment period declared on a form.",
)

EVIDENCE = Sheet(
    "evidence",
    "證明文件",
    "Evidence items",
    ("evidence_uid",),
    (
        column("evidence_uid", "證明文件編號", "Evidence key", T.UID, _UID_RULE, required=True, width=38),
        _APPLICATION_LINK,
        column(
            "evidence_type",
            "文件類別",
            "Evidence type",
            T.TEXT,
            "Code of the evidence type (see the catalogue).",
            required=True,
            width=18,
        ),
        column(
            "period_uid",
            "工作經驗編號",
            "Period key",
            T.UID,
            "The employment period it proves; blank if none.",
            width=38,
        ),
        column(
            "status",
            "狀態",
            "Status",
            T.CHOICE,
            "What was seen or received.",
            allowed=tuple(s.value for s in EvidenceStatus),
            required=True,
        ),
        column("reason", "備註", "Note", T.TEXT, "Why missing or rejected; may be blank.", width=30),
    ),
    "One row per line of a case's evidence checklist.",
)

RESULTS_SHEET = Sheet(
    "results",
    "評審及結果",
    "Decisions and results",
    ("application_uid", "qualification"),
    (
        _APPLICATION_LINK,
        column("reference_no", "參考編號", "Reference number", T.TEXT, "Informative.", width=20),
        column(
            "qualification",
            "資歷名冊編號",
            "QR number",
            T.TEXT,
            "As on the applications sheet.",
            required=True,
            width=18,
        ),
        column(
            "recommendation",
            "評審建議",
            "Recommendation",
            T.CHOICE,
            "The assessor's recommendation; blank if none.",
            allowed=RECOMMENDATIONS,
        ),
        column("reasons", "理由", "Reasons", T.TEXT, "The assessor's reasons.", width=30),
        column(
            "decided_by",
            "評審人",
            "Decided by",
            T.TEXT,
            "Username of the assessor who made the recommendation.",
            width=14,
        ),
        column(
            "signed_off_by",
            "簽批人",
            "Signed off by",
            T.TEXT,
            "Username of the supervisor who signed off.",
            width=14,
        ),
        column(
            "signed_off_on",
            "簽批日期",
            "Signed off on",
            T.DATE,
            "Hong Kong date of sign-off.",
            width=12,
            dates=SCHEME_DATES,
        ),
        column(
            "result",
            "結果",
            "Result",
            T.CHOICE,
            "Filled by the Secretariat: passed or failed.",
            allowed=RESULTS,
            returned=True,
        ),
        column(
            "soa_number",
            "資歷證明書編號",
            "SoA number",
            T.TEXT,
            "Filled by the Secretariat: the Statement of Attainment number (text; leading zeros kept).",
            returned=True,
            width=18,
        ),
        column(
            "soa_date",
            "資歷證明書日期",
            "SoA date",
            T.DATE,
            "Filled by the Secretariat: date on the SoA.",
            returned=True,
            width=12,
            dates=SOA_DATES,
        ),
        column(
            "remarks",
            "備註",
            "Remarks",
            T.TEXT,
            "Filled by the Secretariat; kept in the audit trail.",
            returned=True,
            width=30,
        ),
    ),
    "One row per qualification applied for: the assessor's decision and, in a returned workbook, the result.",
)

DATA_SHEETS: tuple[Sheet, ...] = (APPLICANTS, APPLICATIONS, EMPLOYMENT, EVIDENCE, RESULTS_SHEET)

SHEETS_BY_NAME: dict[str, Sheet] = {sheet.name: sheet for sheet in DATA_SHEETS}

MANIFEST_SHEET = "manifest"
CODEBOOK_SHEET = "codebook"
ALL_SHEET_NAMES = (MANIFEST_SHEET, *(sheet.name for sheet in DATA_SHEETS), CODEBOOK_SHEET)

# Manifest: one row per item (key, bilingual label, value). ``volatile`` items differ between two exports
# of the same cases; everything else, and every data sheet, is identical.
MANIFEST_ITEMS: tuple[tuple[str, str, str, bool], ...] = (
    ("format", "格式", "Format", False),
    ("format_version", "格式版本", "Format version", False),
    ("batch_uid", "批次編號", "Batch key", True),
    ("agency", "評估機構", "Agency", False),
    ("event", "活動", "Event", False),
    ("station", "匯出工作站", "Exporting station", False),
    ("created_by", "匯出人", "Created by", False),
    ("created_at", "匯出時間 (UTC)", "Created at (UTC)", True),
    ("hkid_form", "身份證號碼形式", "HKID numbers", False),
    ("personal_data", "個人資料", "Personal data", False),
    *(
        (f"rows_{sheet.name}", f"{sheet.title_zh}行數", f"Rows: {sheet.title_en}", False)
        for sheet in DATA_SHEETS
    ),
    ("data_sha256", "資料 SHA-256", "Data SHA-256", False),
    ("audit_entries", "審計記錄項數", "Audit trail entries", True),
    ("audit_head", "審計鏈末項雜湊", "Audit chain head", True),
    ("signing_key", "簽署金鑰指紋", "Signing key fingerprint", False),
    ("signature", "簽署 (Ed25519)", "Signature (Ed25519)", True),
)
MANIFEST_KEYS = tuple(item[0] for item in MANIFEST_ITEMS)
VOLATILE_MANIFEST_KEYS = frozenset(item[0] for item in MANIFEST_ITEMS if item[3])

CODEBOOK_COLUMNS = ("sheet", "key", "label_zh", "label_en", "type", "required", "allowed", "rule")
