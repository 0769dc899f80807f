"""A laptop's first set-up (core/security/first_run.py): every part checked before anything is written, and a
part refused once the database exists leaves no database, keyring or station key behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessor_app.core.errors import AppError
from assessor_app.core.security import keyring
from assessor_app.core.security.first_run import LaptopPlan, NewUser, plan_problems, set_up_laptop

ADMIN = NewUser("ada", "Ada LAM", "administrator", "harbour lights 42")


def test_every_problem_of_a_plan_is_listed_before_anything_is_written(tmp_path: Path) -> None:
    plan = LaptopPlan(
        ADMIN,
        agency="NOPE",
        contacts={"phone": "12"},
        users=(NewUser("ada", "Again", "assessor", "short"),),
        station="L",
        catalogue=tmp_path / "missing.csv",
    )
    english = [line.split(" / ")[0] for line in plan_problems(plan)]
    assert english[2].startswith("Name the agency with its code (one of: ")
    assert "VTC" in english[2]
    assert english[:2] + english[3:] == [
        "ada: the user name is given twice",
        "ada: A password has at least 8 characters.",
        "Phone: digits, +, spaces, dashes and brackets only, 8 to 15 digits ('12')",
        "A station code is 2 to 8 capital letters or digits, e.g. LT01.",
        f"There is no file at {tmp_path / 'missing.csv'}.",
    ]
    with pytest.raises(AppError) as refused:
        set_up_laptop(tmp_path / "cases.sqlite3", plan)
    assert refused.value.code == "first_run_invalid"
    assert list(tmp_path.iterdir()) == []


def test_a_part_refused_after_the_database_exists_removes_it_again(tmp_path: Path) -> None:
    database = tmp_path / "cases.sqlite3"
    # A user name of capitals and spaces is refused by the users' own service, once the database exists.
    plan = LaptopPlan(
        ADMIN, users=(NewUser("May Wong!", "May", "intake_clerk", "counter at nine"),), station="LT01"
    )
    with pytest.raises(AppError) as refused:
        set_up_laptop(database, plan)
    assert "The user cannot be saved." in refused.value.en
    assert not database.exists()
    assert not keyring.exists(keyring.keyring_path(database))
    assert not (tmp_path / "keys").exists() or not any((tmp_path / "keys").iterdir())
    signed = set_up_laptop(database, LaptopPlan(ADMIN, station="LT01"))  # the folder is as it was
    signed.database.close()
