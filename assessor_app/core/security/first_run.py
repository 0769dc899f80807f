"""A laptop's first set-up in one go: the administrator, the agency's contacts, the catalogue, more users, the station.

``assessor-app init`` and the GUI's first-run wizard both call :func:`set_up_laptop`, which checks every
part first (:func:`plan_problems`: the same checks as each part's own entry path) and then runs each part
through its own service (``sign_in.set_up``, ``agency_contacts.save_contacts``,
``catalogue.update.import_catalogue_file``, ``accounts.add_user``, ``lodging.set_local_station``, which makes
the station's signing key). It is all or nothing: a part refused after the database was created removes the
new database and its keyring again, so a second attempt starts from the same empty folder.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from assessor_app.core.domain.enums import Role
from assessor_app.core.domain.normalise import normalise_code
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.paths import db_path
from assessor_app.core.security.sign_in import SignedIn, remove_new_database, set_up
from assessor_app.core.services.catalogue.agency_contacts import check_contacts, save_contacts
from assessor_app.core.services.catalogue.reader import read_catalogue_file
from assessor_app.core.services.catalogue.update import import_catalogue_file
from assessor_app.core.services.intake.lodging import set_local_station
from assessor_app.core.services.intake.references import STATION_CODE
from assessor_app.core.services.review import accounts


@dataclass(frozen=True)
class NewUser:
    """A user to add at set-up: the first one is the administrator."""

    username: str
    display_name: str
    role: str
    password: str


@dataclass(frozen=True)
class LaptopPlan:
    """Everything the first run sets; empty parts are left as seeded (the contacts, the catalogue) or for
    later (the station code is asked for on the Intake page, users are added by the administrator)."""

    administrator: NewUser
    agency: str = ""  # the code of the agency whose contacts are given
    contacts: Mapping[str, str] = field(default_factory=dict)
    catalogue: Path | None = None
    users: tuple[NewUser, ...] = ()
    station: str = ""


@dataclass(frozen=True)
class SeededAgency:
    code: str
    name_en: str
    name_zh: str


def seeded_agencies() -> list[SeededAgency]:
    """The agencies every new database holds (``db/seed/agencies.csv``), by English name: the set-up
    offers them before the database exists."""
    with db_path("seed", "agencies.csv").open(encoding="utf-8", newline="") as handle:
        rows = [SeededAgency(row["code"], row["name_en"], row["name_zh"]) for row in csv.DictReader(handle)]
    return sorted(rows, key=lambda agency: agency.name_en)


def _refusal_lines(error: AppError) -> list[str]:
    return [f"{error.en} / {error.zh}", *error.details]


def user_problems(users: tuple[NewUser, ...]) -> list[str]:
    """The users' roles and passwords as ``accounts`` checks them, and a name given twice."""
    problems: list[str] = []
    names: set[str] = set()
    for user in users:
        name = user.username.strip().lower()
        if name in names:
            problems.append(f"{name}: the user name is given twice / {name}：用戶名稱重複")
        names.add(name)
        if user.role not in {role.value for role in Role}:
            problems.append(f"{name}: unknown role '{user.role}' / {name}：不明角色「{user.role}」")
        try:
            accounts.check_password(user.password)
        except AppError as error:
            problems += [f"{name}: {line}" for line in _refusal_lines(error)]
    return problems


def agency_problems(agency: str, contacts: Mapping[str, str]) -> list[str]:
    """The contacts as the Settings page and ``agency set`` check them, for a seeded agency."""
    if not contacts:
        return []
    problems: list[str] = []
    codes = [seeded.code for seeded in seeded_agencies()]
    if agency.strip().upper() not in codes:
        listed = ", ".join(codes)
        problems.append(
            f"Name the agency with its code (one of: {listed}). / 請以代碼指明評估機構（可選：{listed}）。"
        )
    return problems + check_contacts(dict(contacts))[1]


def station_problems(station: str) -> list[str]:
    """The station code as ``lodging.set_local_station`` checks it (empty: set later)."""
    if not station or STATION_CODE.match(normalise_code(station)):
        return []
    return [
        "A station code is 2 to 8 capital letters or digits, e.g. LT01. / "
        "工作站代號為 2 至 8 個英文大寫字母或數字，例如 LT01。"
    ]


def catalogue_problems(catalogue: Path | None) -> list[str]:
    """The catalogue file read as its import reads it (its rows are checked against the new database)."""
    if catalogue is None:
        return []
    try:
        read_catalogue_file(catalogue)
    except AppError as error:
        return _refusal_lines(error)
    return []


def plan_problems(plan: LaptopPlan) -> list[str]:
    """One bilingual line per part of ``plan`` its own service would refuse, before anything is written."""
    problems = user_problems((plan.administrator, *plan.users))
    if plan.administrator.role != Role.ADMINISTRATOR.value:
        problems.append("The first user is an administrator. / 第一位用戶必須是系統管理員。")
    problems += agency_problems(plan.agency, plan.contacts)
    return problems + station_problems(plan.station) + catalogue_problems(plan.catalogue)


def set_up_laptop(database_path: Path, plan: LaptopPlan, *, backups_dir: Path | None = None) -> SignedIn:
    """A new encrypted database set up as ``plan`` says, signed in as its administrator; all or nothing.

    Refuses a folder that already has a database (``database_exists``, from ``set_up``) and a plan with
    problems (``first_run_invalid``, every problem listed) before writing anything."""
    problems = plan_problems(plan)
    if problems:
        raise ValidationError(
            "This laptop was not set up; nothing was written.",
            "此電腦未有設定，沒有寫入任何資料。",
            details=problems,
            code="first_run_invalid",
        )
    admin = plan.administrator
    signed = set_up(
        database_path, admin.username, admin.display_name, admin.password, backups_dir=backups_dir
    )
    database, actor = signed.database, signed.username
    try:
        if plan.contacts:
            save_contacts(database, plan.agency, dict(plan.contacts), actor=actor)
        if plan.catalogue is not None:
            import_catalogue_file(database, plan.catalogue, actor=actor)
        for user in plan.users:
            accounts.add_user(
                database, user.username, user.display_name, user.role, user.password, actor=actor
            )
        if plan.station:
            # Last: it writes the station's signing key beside the database, which a later refusal would orphan.
            set_local_station(database, plan.station)
    except BaseException:
        database.close()
        remove_new_database(database_path)
        raise
    return signed
