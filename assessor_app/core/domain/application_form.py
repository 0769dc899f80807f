"""The application form as typed at the counter, and the rules that check it field by field.

The form keeps every value as the text the clerk typed, so a draft comes back exactly as it was;
:func:`validate_form` turns it into clean values or into problems tied to a field.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from assessor_app.core.domain import hkid
from assessor_app.core.domain.enums import EmploymentType, EvidenceStatus, Language, ResidenceStatus
from assessor_app.core.domain.experience import EMPLOYMENT, PERIOD_KINDS
from assessor_app.core.domain.form_fields import FieldChecker, FieldProblem, Severity, normalise_phone
from assessor_app.core.domain.normalise import normalise_code

ENGLISH_NAME = re.compile(r"^[A-Za-z][A-Za-z .,'\-]*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_AGE_YEARS = 15
MAX_AGE_YEARS = 100
EARLIEST_PLAUSIBLE_START = date(1950, 1, 1)
RECEIVED_LONG_AGO_DAYS = 60
# The industry of a period that is in none of the catalogue's industries: kept, but never counted.
OTHER_INDUSTRY = "other"
_HOURS = re.compile(r"\d{1,3}")
# The agency's receipt number as printed on its receipt book or till: letters, digits, / - . and spaces.
RECEIPT_NO = re.compile(r"[A-Z0-9][A-Z0-9/.\- ]*")
# The choices' values, made once (the merge checks a form per case of a batch).
_RESIDENCE_STATUSES = frozenset(status.value for status in ResidenceStatus)
_LANGUAGES = frozenset(language.value for language in Language)
_EMPLOYMENT_TYPES = frozenset(kind.value for kind in EmploymentType)
_PROOF_STATUSES = frozenset(status.value for status in EvidenceStatus)


@dataclass
class EmploymentEntry:
    """One row of the employment history, as typed."""

    employer: str = ""
    post: str = ""
    industry: str = ""
    start: str = ""
    end: str = ""
    present: bool = False
    employment_type: str = EmploymentType.FULL_TIME.value
    hours_per_week: str = ""
    in_hong_kong: bool = True
    duties: str = ""
    proof_status: str = EvidenceStatus.MISSING.value
    # The qualifications on this form the period is relevant to; empty: in the industry only.
    relevant_to: list[int] = field(default_factory=list)
    kind: str = EMPLOYMENT  # or "caring": caring for a family member, or volunteering

    def is_blank(self) -> bool:
        return not any((self.employer, self.post, self.start, self.end, self.duties, self.hours_per_week))


@dataclass(frozen=True)
class FormAttachment:
    """A scan, photo or PDF attached at intake: already in the evidence store (by its SHA-256), recorded
    on the case when the form is lodged."""

    sha256: str
    original_name: str
    media_type: str
    size_bytes: int

    @classmethod
    def from_dict(cls, data: object) -> FormAttachment | None:
        """One from a saved draft; None for anything that is not one (a hand-edited or damaged draft)."""
        if not isinstance(data, dict):
            return None
        sha256, name = data.get("sha256"), data.get("original_name")
        media_type, size = data.get("media_type"), data.get("size_bytes")
        if not (isinstance(sha256, str) and re.fullmatch(r"[0-9a-f]{64}", sha256)):
            return None
        if not (isinstance(name, str) and isinstance(media_type, str) and isinstance(size, int)):
            return None
        return cls(sha256, name, media_type, size)


@dataclass
class ApplicationForm:
    """Everything on the paper form; plain strings and flags so it round-trips through JSON."""

    event_id: int | None = None
    received_on: str = ""  # the date the form reached the agency, or its postmark (default: today)
    name_zh: str = ""
    surname_en: str = ""
    given_names_en: str = ""
    alias: str = ""
    hkid: str = ""
    residence_status: str = ""
    date_of_birth: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    preferred_language: str = Language.ZH_HK.value
    hkid_original_seen: bool = False
    hkid_copy_kept: bool = False
    employment: list[EmploymentEntry] = field(default_factory=list)
    qualification_ids: list[int] = field(default_factory=list)
    # The qualifications applied for with a carer's declaration instead of employer proof.
    carer_qualification_ids: list[int] = field(default_factory=list)
    pics_acknowledged: bool = False
    # The form's fee (the agency's, for its clusters) paid at the counter, and the receipt number given.
    fee_paid: bool = False
    fee_receipt_no: str = ""
    # Files attached at the counter before lodging (``services/evidence/intake_files.py``).
    attachments: list[FormAttachment] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ApplicationForm:
        """Rebuild a form from a saved draft, ignoring keys this version does not know.

        Drafts saved before relevance and the carer's declaration were per qualification read as they
        meant then: every row relevant to every qualification, one declaration for all of them."""
        known = {name for name in cls.__dataclass_fields__ if name not in ("employment", "attachments")}
        values = {key: value for key, value in data.items() if key in known}
        chosen = [q for q in values.get("qualification_ids", []) if isinstance(q, int)]
        if "carer_qualification_ids" not in data and data.get("carer_declaration") is True:
            values["carer_qualification_ids"] = list(chosen)
        entry_fields = set(EmploymentEntry.__dataclass_fields__)
        rows = []
        for row in data.get("employment", []):
            if not isinstance(row, dict):
                continue
            entry = EmploymentEntry(**{k: v for k, v in row.items() if k in entry_fields})
            if "relevant_to" not in row:
                entry.relevant_to = list(chosen)
            rows.append(entry)
        files = [FormAttachment.from_dict(item) for item in data.get("attachments", [])]
        return cls(**values, employment=rows, attachments=[item for item in files if item is not None])

    def display_name(self) -> str:
        return display_name(self.name_zh, self.surname_en, self.given_names_en)


@dataclass(frozen=True)
class CleanPeriod:
    employer: str
    post: str
    industry: str
    start: date
    end: date | None
    employment_type: str
    hours_per_week: int | None
    in_hong_kong: bool
    duties: str
    proof_status: str
    relevant_to: tuple[int, ...] = ()
    kind: str = EMPLOYMENT


@dataclass(frozen=True)
class CleanForm:
    """The validated, normalised values a lodged application is made of."""

    name_zh: str
    surname_en: str
    given_names_en: str
    alias: str
    hkid: str
    residence_status: str
    date_of_birth: date
    phone: str
    email: str
    address: str
    preferred_language: str
    hkid_copy_kept: bool
    employment: tuple[CleanPeriod, ...]
    qualification_ids: tuple[int, ...]
    carer_qualification_ids: tuple[int, ...]
    received_on: date
    fee_paid: bool = False
    fee_receipt_no: str = ""


def _years_between(earlier: date, later: date) -> int:
    years = later.year - earlier.year
    return years - 1 if (later.month, later.day) < (earlier.month, earlier.day) else years


def _check_particulars(form: ApplicationForm, check: FieldChecker, today: date) -> dict[str, Any]:
    values: dict[str, Any] = {}
    values["name_zh"] = check.text("name_zh", form.name_zh, "name_zh")
    for key in ("surname_en", "given_names_en"):
        value = check.text(key, form.__dict__[key], key, required=True)
        if value and not ENGLISH_NAME.match(value):
            check.add(
                key,
                "english_name",
                "Use the English letters exactly as on the HKID card.",
                "請按身份證上的英文字母填寫。",
            )
        values[key] = value.upper() if key == "surname_en" else value
    values["alias"] = check.text("alias", form.alias, "alias")

    if not form.hkid.strip():
        check.add("hkid", "required", "This field is required.", "此欄必須填寫。")
    else:
        number, problem = hkid.parse(form.hkid)
        if problem is not None:
            check.add("hkid", problem.code, problem.en, problem.zh)
        values["hkid"] = number
    if not form.hkid_original_seen:
        check.add(
            "hkid_original_seen",
            "hkid_not_verified",
            "Check the number against the original HKID card and tick the box.",
            "請核對身份證正本並剔選此項。",
        )

    if form.residence_status not in _RESIDENCE_STATUSES:
        check.add(
            "residence_status",
            "residence_status",
            "Choose the symbol under the date of birth (A, R or U) or one-way permit.",
            "請選擇出生日期下的符號（A、R 或 U）或單程證持有人。",
        )
    values["residence_status"] = form.residence_status

    birth = check.date_field("date_of_birth", form.date_of_birth, today, required=True)
    if birth is not None and _years_between(birth, today) < MIN_AGE_YEARS:
        check.add(
            "date_of_birth",
            "too_young",
            f"The applicant would be under {MIN_AGE_YEARS}: check the date of birth.",
            f"申請人未滿 {MIN_AGE_YEARS} 歲：請核對出生日期。",
        )
    if birth is not None and _years_between(birth, today) > MAX_AGE_YEARS:
        check.add(
            "date_of_birth",
            "age_over_100",
            f"The applicant would be over {MAX_AGE_YEARS}: check the date of birth.",
            f"申請人超過 {MAX_AGE_YEARS} 歲：請核對出生日期。",
            Severity.WARNING,
        )
    values["date_of_birth"] = birth

    phone_text = check.text("phone", form.phone, "phone", required=True)
    values["phone"] = ""
    if phone_text:
        phone = normalise_phone(phone_text)
        if phone is None:
            check.add(
                "phone",
                "phone_not_hk",
                "Not a Hong Kong number: 8 digits, fixed lines start 2 or 3, mobiles 4 to 9.",
                "並非香港電話號碼：8 位數字，固網以 2 或 3 開頭，手機以 4 至 9 開頭。",
            )
        else:
            values["phone"] = phone

    email = check.text("email", form.email, "email")
    if email and not EMAIL.match(email):
        check.add("email", "email_format", "Not an email address.", "電郵地址格式不正確。")
    values["email"] = email
    values["address"] = check.text("address", form.address, "address", required=True)
    if form.preferred_language not in _LANGUAGES:
        check.add("preferred_language", "language", "Choose a language.", "請選擇語言。")
    values["preferred_language"] = form.preferred_language
    return values


def check_particulars(form: ApplicationForm, *, today: date) -> tuple[dict[str, Any], list[FieldProblem]]:
    """The particulars of ``form`` (names, HKID, birth, contact) cleaned, and their problems."""
    check = FieldChecker()
    values = _check_particulars(form, check, today)
    return values, check.problems


def _check_employment(
    form: ApplicationForm, check: FieldChecker, today: date, birth: date | None
) -> list[CleanPeriod]:
    rows = [(index, row) for index, row in enumerate(form.employment) if not row.is_blank()]
    if not rows:
        check.add(
            "employment",
            "employment_required",
            "Add at least one period of employment.",
            "請最少填寫一段工作經驗。",
        )
    periods: list[tuple[int, CleanPeriod]] = []
    for index, row in rows:
        base = f"employment.{index}"
        employer = check.text(f"{base}.employer", row.employer, "employer", required=True)
        post = check.text(f"{base}.post", row.post, "post")
        duties = check.text(f"{base}.duties", row.duties, "duties")
        start = check.date_field(f"{base}.start", row.start, today, required=True)
        end = None
        if row.present:
            if row.end.strip():
                check.add(
                    f"{base}.end",
                    "end_and_present",
                    "Leave the end date empty for a current job.",
                    "現職工作請留空結束日期。",
                )
        else:
            end = check.date_field(f"{base}.end", row.end, today, required=True)
        if start is not None and end is not None and end < start:
            check.add(
                f"{base}.end",
                "end_before_start",
                "The end date is before the start date.",
                "結束日期早於開始日期。",
            )
            end = None
        if row.employment_type not in _EMPLOYMENT_TYPES:
            check.add(
                f"{base}.employment_type",
                "employment_type",
                "Choose a type of employment.",
                "請選擇受僱類別。",
            )
        hours: int | None = None
        if row.employment_type == EmploymentType.PART_TIME.value:
            if not _HOURS.fullmatch(row.hours_per_week.strip()) or not 1 <= int(row.hours_per_week) <= 168:
                check.add(
                    f"{base}.hours_per_week",
                    "hours",
                    "Part-time: give the hours per week (1 to 168).",
                    "兼職：請填寫每週工作時數（1 至 168）。",
                )
            else:
                hours = int(row.hours_per_week)
        if row.proof_status not in _PROOF_STATUSES:
            check.add(
                f"{base}.proof_status", "proof_status", "Choose what proof was seen.", "請選擇已查閱的證明。"
            )
        industry = row.industry.strip()
        if not industry:
            check.add(
                f"{base}.industry",
                "industry_required",
                'Choose the industry, or "other industry (not counted)".',
                "請選擇行業，或「其他行業（不計算）」。",
            )
        relevant_to = tuple(dict.fromkeys(row.relevant_to))
        if any(qualification not in form.qualification_ids for qualification in relevant_to):
            check.add(
                f"{base}.relevant_to",
                "relevant_to_unknown",
                "Relevant only to qualifications applied for on this form.",
                "只可選擇此表格所申請的資歷。",
            )
        if row.kind not in PERIOD_KINDS:
            check.add(f"{base}.kind", "period_kind", "Choose employment or caring.", "請選擇受僱或照顧。")
        elif row.kind != EMPLOYMENT and not form.carer_qualification_ids:
            check.add(
                f"{base}.kind",
                "caring_without_declaration",
                "Caring or volunteering counts only with a carer's declaration: tick it for the "
                "qualification, or record this row as employment.",
                "照顧或義務工作須附照顧者聲明方可計算：請為該資歷剔選聲明，或將此行記錄為受僱工作。",
            )
        if start is not None:
            _check_plausible_start(check, f"{base}.start", start, birth)
        if start is not None and (end is not None or row.present):
            periods.append(
                (
                    index,
                    CleanPeriod(
                        employer=employer,
                        post=post,
                        industry=row.industry.strip(),
                        start=start,
                        end=end,
                        employment_type=row.employment_type,
                        hours_per_week=hours,
                        in_hong_kong=row.in_hong_kong,
                        duties=duties,
                        proof_status=row.proof_status,
                        relevant_to=relevant_to,
                        kind=row.kind,
                    ),
                )
            )
    _flag_overlaps(periods, check, today)
    return [period for _, period in periods]


def _check_plausible_start(check: FieldChecker, path: str, start: date, birth: date | None) -> None:
    """Unlikely starts are shown, not refused (lodging records that they were overridden)."""
    if birth is not None and start < birth:
        check.add(
            path,
            "before_birth",
            "This job starts before the applicant's date of birth: check both dates.",
            "此工作的開始日期早於申請人的出生日期：請核對兩個日期。",
            Severity.WARNING,
        )
    elif birth is not None and _years_between(birth, start) < MIN_AGE_YEARS:
        check.add(
            path,
            "before_age_15",
            f"This job starts before the applicant's {MIN_AGE_YEARS}th birthday: check the dates.",
            f"此工作在申請人 {MIN_AGE_YEARS} 歲生日前開始：請核對日期。",
            Severity.WARNING,
        )
    if start < EARLIEST_PLAUSIBLE_START:
        check.add(
            path,
            "before_1950",
            f"This job starts before {EARLIEST_PLAUSIBLE_START.year}: check the year.",
            f"此工作在 {EARLIEST_PLAUSIBLE_START.year} 年前開始：請核對年份。",
            Severity.WARNING,
        )


def _flag_overlaps(periods: list[tuple[int, CleanPeriod]], check: FieldChecker, today: date) -> None:
    """Overlapping periods are legal (two part-time jobs) but counted once: tell the clerk."""
    for position, (index, period) in enumerate(periods):
        for other_index, other in periods[position + 1 :]:
            period_end = period.end or today
            other_end = other.end or today
            if period.start <= other_end and other.start <= period_end:
                check.add(
                    f"employment.{other_index}.start",
                    "overlap",
                    f"Overlaps row {index + 1}: overlapping time counts once.",
                    f"與第 {index + 1} 行重疊：重疊的時間只計算一次。",
                    Severity.WARNING,
                )


def validate_form(form: ApplicationForm, *, today: date) -> tuple[CleanForm | None, list[FieldProblem]]:
    """Check the whole form; the clean form is returned only when no problem is an error."""
    check = FieldChecker()
    # Blank: received today (the form at the counter); a mailed form gives its date or postmark.
    received_on = (
        check.date_field("received_on", form.received_on, today, required=True)
        if form.received_on.strip()
        else today
    )
    if received_on is not None and (today - received_on).days > RECEIVED_LONG_AGO_DAYS:
        check.add(
            "received_on",
            "received_long_ago",
            f"Received more than {RECEIVED_LONG_AGO_DAYS} days ago: check the date or the postmark.",
            f"收件日期已超過 {RECEIVED_LONG_AGO_DAYS} 日：請核對日期或郵戳。",
            Severity.WARNING,
        )
    particulars = _check_particulars(form, check, today)
    periods = _check_employment(form, check, today, particulars["date_of_birth"])
    chosen = list(dict.fromkeys(form.qualification_ids))
    carer_chosen = list(dict.fromkeys(form.carer_qualification_ids))
    if any(qualification not in chosen for qualification in carer_chosen):
        check.add(
            "carer_declaration",
            "carer_unknown_qualification",
            "A carer's declaration is given only for a qualification applied for on this form.",
            "照顧者聲明只適用於此表格所申請的資歷。",
        )
    if not chosen:
        check.add(
            "qualifications",
            "qualification_required",
            "Choose at least one qualification.",
            "請最少選擇一項資歷。",
        )
    if not form.pics_acknowledged:
        check.add(
            "pics_acknowledged",
            "pics_required",
            "The applicant must acknowledge the Personal Information Collection Statement.",
            "申請人必須確認已閱讀《收集個人資料聲明》。",
        )
    receipt = _check_fee(form, check)
    if received_on is None or any(problem.severity is Severity.ERROR for problem in check.problems):
        return None, check.problems
    clean = CleanForm(
        **particulars,
        hkid_copy_kept=form.hkid_copy_kept,
        employment=tuple(periods),
        qualification_ids=tuple(chosen),
        carer_qualification_ids=tuple(carer_chosen),
        received_on=received_on,
        fee_paid=form.fee_paid,
        fee_receipt_no=receipt,
    )
    return clean, check.problems


def _check_fee(form: ApplicationForm, check: FieldChecker) -> str:
    """The receipt number folded like a code (full-width typing becomes ASCII, upper case); a receipt
    needs the fee marked paid, and a fee paid without a receipt number is shown (a receipt may follow)."""
    receipt = normalise_code(form.fee_receipt_no)
    check.text("fee_receipt_no", receipt, "fee_receipt_no")
    if receipt and not RECEIPT_NO.fullmatch(receipt):
        check.add(
            "fee_receipt_no",
            "receipt_format",
            "A receipt number holds letters, digits, / - . and spaces only.",
            "收據編號只可包含英文字母、數字、/ - . 及空格。",
        )
    if receipt and not form.fee_paid:
        check.add(
            "fee_paid",
            "receipt_without_payment",
            "A receipt number is given: tick that the fee was paid.",
            "已填寫收據編號：請剔選已繳付費用。",
        )
    elif form.fee_paid and not receipt:
        check.add(
            "fee_receipt_no",
            "paid_without_receipt",
            "The fee is marked paid without a receipt number.",
            "已繳付費用但未填寫收據編號。",
            Severity.WARNING,
        )
    return receipt


def display_name(name_zh: str | None, surname_en: str | None, given_names_en: str | None) -> str:
    """A person's name as printed: the Chinese name, then the English surname in capitals and given names."""
    english = " ".join(
        part for part in ((surname_en or "").strip().upper(), (given_names_en or "").strip()) if part
    )
    return " ".join(part for part in ((name_zh or "").strip(), english) if part)
