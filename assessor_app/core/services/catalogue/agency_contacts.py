"""The agency's contacts (address, phone, e-mail, opening hours) printed on slips and letters: read, checked, changed.

Every path (the Settings page, ``assessor-app agency set``) goes through :func:`check_contacts` and
:func:`save_contacts`, so a value is refused or kept the same way whichever way it was typed. Changing
them is an administrator's (audited per field, as the retention settings are).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sqlalchemy import distinct, select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.cases import EventRecord
from assessor_app.core.db.models.catalogue import AgencyRecord
from assessor_app.core.domain.application_form import EMAIL
from assessor_app.core.domain.normalise import clean_text, normalise_phone_text
from assessor_app.core.domain.permissions import PERMISSIONS, Action
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.services import audit
from assessor_app.core.services.shared import acting_user

# The columns' sizes (core/db/models/catalogue.py).
LIMITS = {"address": 400, "phone": 40, "email": 200, "hours": 200}
# A phone as printed for the public: digits, an optional leading +, spaces, dashes and brackets
# ("+852 2345 6789", "(852) 2345-6789"); 8 to 15 digits (a Hong Kong number to an international one).
_PHONE = re.compile(r"\+?[0-9 ()\-]+")
_PHONE_DIGITS = (8, 15)
# What each field is called in a message: (English, Chinese).
FIELD_NAMES = {
    "address": ("Address", "地址"),
    "phone": ("Phone", "電話"),
    "email": ("E-mail", "電郵"),
    "hours": ("Opening hours", "辦公時間"),
}


@dataclass(frozen=True)
class AgencyContacts:
    """One agency's names and contacts, as printed; empty strings where not set."""

    code: str
    name_en: str
    name_zh: str
    address: str = ""
    phone: str = ""
    email: str = ""
    hours: str = ""


CONTACT_FIELDS = tuple(LIMITS)


def _contacts(record: AgencyRecord) -> AgencyContacts:
    return AgencyContacts(
        code=record.code,
        name_en=record.name_en,
        name_zh=record.name_zh,
        address=record.address,
        phone=record.phone,
        email=record.email,
        hours=record.hours,
    )


def check_contacts(values: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """``values`` (any of address, phone, email, hours) cleaned, and one bilingual problem line per
    value refused: too long, a control character (only the address may span lines), a phone of other
    characters than digits, ``+``, spaces, dashes and brackets, an e-mail not of the form ``a@b.c``."""
    cleaned: dict[str, str] = {}
    problems: list[str] = []
    for name, raw in values.items():
        name_en, name_zh = FIELD_NAMES[name]
        text = raw.replace("\r\n", "\n").replace("\r", "\n")
        if name == "phone":
            text = normalise_phone_text(text)
        elif name == "email":
            text = text.strip()
        value, found = clean_text(text, limit=LIMITS[name])
        if name != "address" and ("\n" in value or "\t" in value):
            problems.append(f"{name_en}: one line only / {name_zh}：只可一行")
        problems += [f"{name_en}: {problem.en} / {name_zh}：{problem.zh}" for problem in found]
        digits = sum(character.isdigit() for character in value)
        if name == "phone" and value and not (_PHONE.fullmatch(value) and _in(digits, _PHONE_DIGITS)):
            problems.append(
                f"{name_en}: digits, +, spaces, dashes and brackets only, 8 to 15 digits ({value!r}) / "
                f"{name_zh}：只可用數字、+、空格、連字號及括號，8 至 15 位數字（{value}）"
            )
        if name == "email" and value and not EMAIL.match(value):
            problems.append(f"{name_en}: not an e-mail address ({value!r}) / {name_zh}：電郵地址格式不正確")
        cleaned[name] = value
    return cleaned, problems


def _in(count: int, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= count <= bounds[1]


def list_agencies(database: Database) -> list[AgencyContacts]:
    """Every agency on this laptop, by English name."""
    with database.session() as session:
        return [
            _contacts(record)
            for record in session.scalars(select(AgencyRecord).order_by(AgencyRecord.name_en))
        ]


def _agency(session: Session, code: str | None) -> AgencyRecord:
    """The agency ``code``, or with no code the one this laptop's events are run for (when there is one)."""
    if code:
        record = session.scalar(select(AgencyRecord).where(AgencyRecord.code == code.strip().upper()))
        if record is not None:
            return record
    else:
        used = session.scalars(select(distinct(EventRecord.agency_id))).all()
        if len(used) == 1 and (record := session.get(AgencyRecord, used[0])) is not None:
            return record
    codes = ", ".join(session.scalars(select(AgencyRecord.code).order_by(AgencyRecord.code)))
    raise AppError(
        f"Name the agency with its code (one of: {codes}).",
        f"請以代碼指明評估機構（可選：{codes}）。",
        code="unknown_agency",
    )


def agency_contacts(database: Database, code: str | None = None) -> AgencyContacts:
    """The contacts of the agency ``code`` (none: the one this laptop's events are run for)."""
    with database.session() as session:
        return _contacts(_agency(session, code))


def save_contacts(
    database: Database, code: str | None, changes: dict[str, str], *, actor: str
) -> AgencyContacts:
    """Change the contacts named in ``changes`` (the others stay) of the agency ``code``, by ``actor``
    (an administrator), each change audited; a :class:`ValidationError` lists every value refused."""
    unknown = sorted(set(changes) - set(CONTACT_FIELDS))
    if unknown:
        raise ValueError(f"not an agency contact: {unknown}")
    cleaned, problems = check_contacts(changes)
    if problems:
        raise ValidationError(
            "The agency's contacts were not saved.",
            "評估機構的聯絡資料未有儲存。",
            details=problems,
            code="agency_contacts_invalid",
        )
    with database.session() as session:
        user = acting_user(
            session,
            actor,
            PERMISSIONS[Action.EDIT_AGENCY],
            doing_en="change the agency's contacts",
            doing_zh="更改評估機構的聯絡資料",
        )
        record = _agency(session, code)
        before = _contacts(record)
        for name, value in cleaned.items():
            if getattr(before, name) == value:
                continue
            setattr(record, name, value)
            audit.record(
                session,
                actor=user.username,
                entity="agency",
                entity_uid=record.code,
                action="agency_contacts_changed",
                field=name,
                old=getattr(before, name),
                new=value,
            )
        return replace(before, **cleaned)
