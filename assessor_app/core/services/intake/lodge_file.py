"""Headless lodging: a JSON file of applications read, turned into forms and lodged all or nothing.

The file holds one application (an object) or several (a list) with the intake form's field names,
``event`` as an event code and qualifications as QR numbers or exact titles (``docs/lodging-json.md``).
This module only reads and converts: every rule about the form is the intake form's own
(:func:`form_check.checked_form`, once per application, then :func:`lodging.lodge_in_session`).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import EventRecord
from assessor_app.core.db.models.catalogue import IndustryRecord, QualificationRecord
from assessor_app.core.domain.application_form import ApplicationForm, EmploymentEntry
from assessor_app.core.domain.form_fields import FieldProblem, Severity
from assessor_app.core.domain.normalise import nfkc, normalise_code
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.hong_kong_time import hong_kong_today
from assessor_app.core.services.intake.form_check import CheckedForm, checked_form
from assessor_app.core.services.intake.lodging import LodgeResult, lodge_in_session, lodging_user

MAX_FILE_BYTES = 5 * 1024 * 1024

TEXT_KEYS = (
    "received_on",
    "name_zh",
    "surname_en",
    "given_names_en",
    "alias",
    "hkid",
    "residence_status",
    "date_of_birth",
    "phone",
    "email",
    "address",
    "preferred_language",
    "fee_receipt_no",
)
FLAG_KEYS = ("hkid_original_seen", "hkid_copy_kept", "pics_acknowledged", "fee_paid")
APPLICATION_KEYS = frozenset(
    {"event", "qualifications", "employment", "update_particulars", *TEXT_KEYS, *FLAG_KEYS}
)
ROW_TEXT_KEYS = (
    "employer",
    "post",
    "industry",
    "start",
    "end",
    "employment_type",
    "duties",
    "proof_status",
    "kind",
)
ROW_FLAG_KEYS = ("present", "in_hong_kong")
ROW_KEYS = frozenset({"hours_per_week", "relevant_to", *ROW_TEXT_KEYS, *ROW_FLAG_KEYS})
QUALIFICATION_KEYS = frozenset({"qualification", "carer_declaration", "qf_level"})


@dataclass(frozen=True)
class CatalogueEntry:
    id: int
    qr_number: str | None
    title_zh: str
    title_en: str
    qf_level: int
    industry_en: str
    active: bool

    def label(self) -> str:
        number = self.qr_number or "no QR number 無資歷名冊編號"
        return (
            f"{self.title_zh} {self.title_en} (level {self.qf_level}, {self.industry_en}, {number})".strip()
        )


@dataclass(frozen=True)
class References:
    """What the file's codes and titles resolve against: the events and the catalogue."""

    events: dict[str, int]
    qualifications: tuple[CatalogueEntry, ...]


@dataclass
class ConvertedApplication:
    """One object of the file as a form, with what was wrong with its shape (keys, types, references)."""

    form: ApplicationForm
    update_particulars: bool = False
    problems: list[FieldProblem] = field(default_factory=list)


@dataclass(frozen=True)
class LodgedFile:
    """The lodged cases in the file's order; ``as_list``: the file held a list (messages name [index])."""

    results: tuple[LodgeResult, ...]
    as_list: bool

    def warning_lines(self) -> list[str]:
        return [
            f"{_item_prefix(index, self.as_list)}{problem.describe()}"
            for index, result in enumerate(self.results)
            for problem in result.warnings
        ]


def _item_prefix(index: int, as_list: bool) -> str:
    return f"[{index}] " if as_list else ""


def _problem(path: str, code: str, en: str, zh: str) -> FieldProblem:
    return FieldProblem(path, code, en, zh)


# --- Reading the file --------------------------------------------------------------------------


def _file_error(path: Path, code: str, en: str, zh: str) -> AppError:
    return AppError(f"{path}: {en}", f"{path}：{zh}", code=code)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:  # json would keep the last silently: one of the two values is a mistake
        raise ValueError(f"the key {repeated[0]!r} is given twice in one object")
    return dict(pairs)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_applications(text: str, *, source: Path) -> tuple[list[Any], bool]:
    """The items of the file's JSON text and whether it held a list; a bilingual error if it is not JSON,
    holds no application, or holds something else than objects."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise _file_error(
            source,
            "lodge_file_not_json",
            f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}.",
            f"不是有效的 JSON：第 {error.lineno} 行第 {error.colno} 欄（{error.msg}）。",
        ) from error
    except ValueError as error:
        raise _file_error(
            source, "lodge_file_not_json", f"not valid here: {error}.", f"內容無效：{error}。"
        ) from error
    as_list = isinstance(data, list)
    items = data if isinstance(data, list) else [data]
    if not items:
        raise _file_error(
            source, "lodge_file_empty", "the list holds no application.", "清單內沒有任何申請。"
        )
    not_objects = [index for index, item in enumerate(items) if not isinstance(item, dict)]
    if not_objects:
        where = ", ".join(f"[{index}]" for index in not_objects) if as_list else "the file"
        where_zh = "、".join(f"[{index}]" for index in not_objects) if as_list else "檔案"
        raise _file_error(
            source,
            "lodge_file_not_object",
            f"an application is a JSON object {{...}}; {where} is not.",
            f"每份申請須為 JSON 物件 {{...}}；{where_zh} 不是。",
        )
    return items, as_list


def read_applications(path: Path) -> tuple[list[Any], bool]:
    """:func:`parse_applications` of the file at ``path`` (UTF-8, at most :data:`MAX_FILE_BYTES`)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError as error:
        raise _file_error(path, "lodge_file_missing", "no such file.", "找不到此檔案。") from error
    except IsADirectoryError as error:
        raise _file_error(
            path, "lodge_file_missing", "is a folder, not a file.", "是資料夾，不是檔案。"
        ) from error
    except OSError as error:
        raise _file_error(
            path,
            "lodge_file_unreadable",
            f"cannot be read ({error.strerror}).",
            f"無法讀取（{error.strerror}）。",
        ) from error
    if len(raw) > MAX_FILE_BYTES:
        megabytes = MAX_FILE_BYTES // (1024 * 1024)
        raise _file_error(
            path,
            "lodge_file_too_large",
            f"larger than {megabytes} MB: split it into smaller files.",
            f"檔案大於 {megabytes} MB：請分拆為較小的檔案。",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _file_error(
            path,
            "lodge_file_not_utf8",
            f"not UTF-8 text (byte {error.start}): save it as UTF-8.",
            f"不是 UTF-8 文字（第 {error.start} 位元組）：請以 UTF-8 儲存。",
        ) from error
    return parse_applications(text, source=path)


# --- Turning one object into a form ------------------------------------------------------------


def load_references(session: Session) -> References:
    events = {code: event_id for event_id, code in session.execute(select(EventRecord.id, EventRecord.code))}
    rows = session.execute(
        select(
            QualificationRecord.id,
            QualificationRecord.qr_number,
            QualificationRecord.title_zh,
            QualificationRecord.title_en,
            QualificationRecord.qf_level,
            IndustryRecord.name_en,
            QualificationRecord.active,
        )
        .join(IndustryRecord, IndustryRecord.id == QualificationRecord.industry_id)
        .order_by(QualificationRecord.id)
    ).all()
    return References(events=events, qualifications=tuple(CatalogueEntry(*row) for row in rows))


def _same_title(typed: str, title: str) -> bool:
    # NFKC on both sides only so full-width and ASCII brackets or digits compare equal; still exact.
    return bool(title.strip()) and nfkc(typed).strip() == nfkc(title).strip()


def _matches(entry: CatalogueEntry, reference: str) -> bool:
    code = normalise_code(reference)
    return (entry.qr_number is not None and normalise_code(entry.qr_number) == code) or any(
        _same_title(reference, title) for title in (entry.title_zh, entry.title_en)
    )


def resolve_qualification(
    references: References, reference: str, path: str, *, level: int | None = None
) -> int | FieldProblem:
    """The id of the offered qualification with this QR number or exact Chinese or English title (at
    ``level`` if given), or the problem: none, withdrawn, or several (name them)."""
    found = [
        entry
        for entry in references.qualifications
        if _matches(entry, reference) and (level is None or entry.qf_level == level)
    ]
    offered = [entry for entry in found if entry.active]
    if len(offered) == 1:
        return offered[0].id
    if len(offered) > 1:
        listed = "; ".join(entry.label() for entry in offered)
        return _problem(
            path,
            "qualification_ambiguous",
            f"{reference!r} names {len(offered)} qualifications: {listed}. Give the QR number, "
            'or add "qf_level".',
            f'「{reference}」對應 {len(offered)} 項資歷：{listed}。請填寫資歷名冊編號，或加上 "qf_level"。',
        )
    if found:
        return _problem(
            path,
            "qualification_withdrawn",
            f"{found[0].label()} is withdrawn from the catalogue and no longer offered.",
            f"{found[0].label()} 已從資歷目錄撤回，不再接受申請。",
        )
    return _problem(
        path,
        "qualification_unknown",
        f"No qualification has the QR number or exact title {reference!r}: see "
        "`assessor-app catalogue list --json`.",
        f"沒有資歷名冊編號或名稱完全相同於「{reference}」的資歷：請查看 `assessor-app catalogue list --json`。",
    )


class _Reader:
    """Reads one JSON object's values by their expected type, noting every wrong key and type."""

    def __init__(self) -> None:
        self.problems: list[FieldProblem] = []

    def keys(self, data: dict[str, Any], allowed: frozenset[str], path: str) -> None:
        for key in data:
            if key in allowed:
                continue
            guess = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint_en = f' (did you mean "{guess[0]}"?)' if guess else ""
            hint_zh = f"（是否指「{guess[0]}」？）" if guess else ""
            self.problems.append(
                _problem(
                    f"{path}{key}",
                    "unknown_key",
                    f'Unknown key "{key}"{hint_en}: it would be ignored, so it is refused. '
                    f"Known keys: {', '.join(sorted(allowed))}.",
                    f"不明的欄位「{key}」{hint_zh}：為免被忽略，不予接受。",
                )
            )

    def text(self, data: dict[str, Any], key: str, path: str, default: str = "") -> str:
        value = data.get(key)
        if value is None:  # missing or null: the form's own default (and its rules) apply
            return default
        if isinstance(value, str):
            return value
        self._wrong_type(path + key, "text (a JSON string)", "文字（JSON 字串）")
        return default

    def flag(self, data: dict[str, Any], key: str, path: str, default: bool = False) -> bool:
        value = data.get(key, default)
        if isinstance(value, bool):
            return value
        self._wrong_type(path + key, "true or false", "true 或 false")
        return default

    def hours(self, data: dict[str, Any], path: str) -> str:
        value = data.get("hours_per_week")
        if value is None:
            return ""
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, str) and (not value.strip() or value.strip().isdigit()):
            return value.strip()
        self._wrong_type(
            path + "hours_per_week", "a whole number of hours, or a string of digits", "整數時數，或數字字串"
        )
        return ""

    def listed(self, data: dict[str, Any], key: str, path: str) -> list[Any]:
        value = data.get(key, [])
        if isinstance(value, list):
            return value
        self._wrong_type(path + key, "a list [...]", "清單 [...]")
        return []

    def _wrong_type(self, path: str, expected_en: str, expected_zh: str) -> None:
        self.problems.append(
            _problem(path, "wrong_type", f"Must be {expected_en}.", f"必須為{expected_zh}。")
        )


def _qualifications(
    read: _Reader, data: dict[str, Any], references: References, form: ApplicationForm
) -> None:
    for index, item in enumerate(read.listed(data, "qualifications", "")):
        path = f"qualifications.{index}"
        if not isinstance(item, dict):
            read.problems.append(
                _problem(
                    path,
                    "wrong_type",
                    'Must be an object {"qualification": QR number or title, "carer_declaration": false}.',
                    '必須為物件 {"qualification": 資歷名冊編號或名稱, "carer_declaration": false}。',
                )
            )
            continue
        read.keys(item, QUALIFICATION_KEYS, f"{path}.")
        reference = read.text(item, "qualification", f"{path}.")
        carer = read.flag(item, "carer_declaration", f"{path}.")
        level = item.get("qf_level")
        if level is not None and (isinstance(level, bool) or not isinstance(level, int)):
            read.problems.append(
                _problem(
                    f"{path}.qf_level",
                    "wrong_type",
                    "Must be a whole number (1 to 4).",
                    "必須為整數（1 至 4）。",
                )
            )
            level = None
        if not reference.strip():
            read.problems.append(
                _problem(
                    f"{path}.qualification",
                    "required",
                    "Give the QR number or the exact Chinese or English title.",
                    "請填寫資歷名冊編號，或完整的中文或英文名稱。",
                )
            )
            continue
        found = resolve_qualification(references, reference, f"{path}.qualification", level=level)
        if isinstance(found, FieldProblem):
            read.problems.append(found)
            continue
        form.qualification_ids.append(found)
        if carer:
            form.carer_qualification_ids.append(found)


def _relevant_to(
    read: _Reader, row: dict[str, Any], path: str, references: References, chosen: Sequence[int]
) -> list[int]:
    if "relevant_to" not in row:
        read.problems.append(
            _problem(
                f"{path}relevant_to",
                "relevant_to_required",
                'Say which qualifications on this form the period is relevant to; [] means "in the '
                'industry only".',
                "請註明此段經驗與本表格哪些資歷相關；[] 表示「只屬同一行業」。",
            )
        )
        return []
    on_form = References(
        events={}, qualifications=tuple(e for e in references.qualifications if e.id in chosen)
    )
    ids = []
    for index, reference in enumerate(read.listed(row, "relevant_to", path)):
        where = f"{path}relevant_to.{index}"
        if not isinstance(reference, str) or not reference.strip():
            read.problems.append(
                _problem(
                    where,
                    "wrong_type",
                    "Must be a QR number or title (text).",
                    "必須為資歷名冊編號或名稱（文字）。",
                )
            )
            continue
        # A title two levels share is usually one of them on this form: look there first.
        found = resolve_qualification(on_form, reference, where)
        if isinstance(found, FieldProblem):
            found = resolve_qualification(references, reference, where)
        if isinstance(found, FieldProblem):
            read.problems.append(found)
        else:
            ids.append(found)
    return ids


def _employment(read: _Reader, data: dict[str, Any], references: References, form: ApplicationForm) -> None:
    defaults = EmploymentEntry()
    for index, row in enumerate(read.listed(data, "employment", "")):
        path = f"employment.{index}."
        if not isinstance(row, dict):
            read.problems.append(
                _problem(
                    f"employment.{index}", "wrong_type", "Must be an object {...}.", "必須為物件 {...}。"
                )
            )
            form.employment.append(EmploymentEntry())
            continue
        read.keys(row, ROW_KEYS, path)
        entry = EmploymentEntry(
            hours_per_week=read.hours(row, path),
            relevant_to=_relevant_to(read, row, path, references, form.qualification_ids),
        )
        for key in ROW_TEXT_KEYS:
            setattr(entry, key, read.text(row, key, path, getattr(defaults, key)))
        for key in ROW_FLAG_KEYS:
            setattr(entry, key, read.flag(row, key, path, getattr(defaults, key)))
        form.employment.append(entry)  # kept at its index, so the form's row numbers are the file's


def convert_application(data: dict[str, Any], references: References) -> ConvertedApplication:
    """One JSON object as an intake form (the form's field names; ``event`` a code; qualifications and
    ``relevant_to`` by QR number or exact title), with the problems of its keys, types and references."""
    read = _Reader()
    read.keys(data, APPLICATION_KEYS, "")
    form = ApplicationForm()
    for key in TEXT_KEYS:
        setattr(form, key, read.text(data, key, "", getattr(form, key)))
    for key in FLAG_KEYS:
        setattr(form, key, read.flag(data, key, ""))
    code = read.text(data, "event", "")
    if code.strip():
        form.event_id = references.events.get(normalise_code(code))
        if form.event_id is None:
            read.problems.append(
                _problem(
                    "event",
                    "event_unknown",
                    f"No event has the code {normalise_code(code)!r}: give the code of a promotion day on "
                    "this laptop.",
                    f"沒有代號為「{normalise_code(code)}」的活動：請填寫此電腦上的推廣日代號。",
                )
            )
    _qualifications(read, data, references, form)
    _employment(read, data, references, form)
    update = read.flag(data, "update_particulars", "")
    return ConvertedApplication(form=form, update_particulars=update, problems=read.problems)


def _related(first: str, second: str) -> bool:
    return first == second or first.startswith(second + ".") or second.startswith(first + ".")


def application_problems(converted: ConvertedApplication, checked: CheckedForm) -> list[FieldProblem]:
    """The shape problems, then the form's own (``checked``: :func:`checked_form` of its form) but those
    that only repeat a shape problem's field (a wrong type left blank is not also "required")."""
    shape = converted.problems
    own = [
        problem
        for problem in checked.problems
        if not any(_related(problem.field, known.field) for known in shape)
    ]
    return [*shape, *own]


# --- Lodging -----------------------------------------------------------------------------------


def lodge_objects(
    database: Database, items: Sequence[Any], *, as_list: bool, username: str, today: date | None = None
) -> LodgedFile:
    """Lodge every object in one transaction, or none: all problems of all items are named first."""
    today = today or hong_kong_today()
    with database.session() as session:
        operator = lodging_user(session, username)
        references = load_references(session)
        converted = [convert_application(item, references) for item in items]
        # Checked once, up front: lodging one form changes nothing another's check reads (the catalogue).
        checked = [checked_form(session, application.form, today=today) for application in converted]
        errors = [
            f"{_item_prefix(index, as_list)}{problem.describe()}"
            for index, (application, check) in enumerate(zip(converted, checked, strict=True))
            for problem in application_problems(application, check)
            if problem.severity is Severity.ERROR
        ]
        if errors:
            raise ValidationError(
                "Nothing was lodged: the file has problems.",
                "未有遞交任何申請：檔案有待修正之處。",
                code="lodge_file_invalid",
                details=errors,
            )
        results = tuple(
            lodge_in_session(
                session,
                check,
                draft_uid=None,
                operator=operator,
                today=today,
                update_particulars=application.update_particulars,
            )
            for application, check in zip(converted, checked, strict=True)
        )
    return LodgedFile(results=results, as_list=as_list)


def lodge_file(database: Database, path: Path, *, username: str, today: date | None = None) -> LodgedFile:
    """``assessor-app lodge FILE.json``: read the file, then :func:`lodge_objects`."""
    items, as_list = read_applications(path)
    return lodge_objects(database, items, as_list=as_list, username=username, today=today)
