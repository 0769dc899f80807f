"""The real ``assessor-app lodge FILE.json --user NAME``, run as a script runs it, on a real data folder."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

from assessor_app.core.domain.catalogue import CATALOGUE_COLUMNS
from assessor_app.core.paths import DataDir
from assessor_app.core.services.catalogue.update import import_catalogue_file
from assessor_app.core.services.intake import lodging
from tests.core.user_helpers import FIRST_ADMIN, add_user
from tests.e2e.cli_helpers import open_signed_in, raw_connect
from tests.e2e.test_cli_case import run_cli

PROJECT_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = PROJECT_ROOT / "docs" / "examples" / "lodge-example.json"
SURVEYING = "Supporting and Ancillary Services – Surveying"
CARGO_QR = "20/000777/L3"  # a Logistics level-3 qualification added for the test (5 years incl. 2 relevant)


def prepare(data_dir: Path) -> Path:
    """A data folder with this laptop's station, the example's promotion day, an intake clerk and a
    Logistics level-3 qualification imported the way an agency's list is."""
    folders = DataDir(data_dir)
    folders.ensure()
    database = open_signed_in(folders.database)
    try:
        lodging.set_local_station(database, "LT01")
        lodging.create_event(
            database,
            name="物流業推廣日 Logistics promotion day",
            event_date=date(2026, 11, 20),
            agency_code="HKUSPACE",
            code="LOG-DEMO",
        )
        add_user(database, "amy", "Amy Wong", "intake_clerk")
        extra = data_dir / "cargo.csv"
        with extra.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=CATALOGUE_COLUMNS)
            writer.writeheader()
            row = dict.fromkeys(CATALOGUE_COLUMNS, "")
            row.update(
                industry="Logistics",
                agency="HKU SPACE",
                title_zh="空運貨物營運管理",
                title_en="Air cargo operations management",
                qf_level="3",
                qr_number=CARGO_QR,
                open_to_carers="no",
            )
            writer.writerow(row)
        import_catalogue_file(database, extra, actor=FIRST_ADMIN)
    finally:
        database.close()
    return folders.database


def application(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "event": "LOG-DEMO",
        "name_zh": "陳大文",
        "surname_en": "CHAN",
        "given_names_en": "Tai Man",
        "hkid": "A123456(3)",
        "residence_status": "A",
        "date_of_birth": "15/03/1985",
        "phone": "9123 4567",
        "address": "香港東涌富東樓 1 號",
        "hkid_original_seen": True,
        "pics_acknowledged": True,
        "qualifications": [{"qualification": SURVEYING, "carer_declaration": False}],
        "employment": [
            {
                "employer": "Harbour Surveyors",
                "industry": "Logistics",
                "start": "2015-01-01",
                "end": "2020-12-31",
                "relevant_to": [SURVEYING],
            }
        ],
    }
    data.update(overrides)
    return data


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def references_in(database_file: Path) -> list[str]:
    connection = raw_connect(database_file, read_only=True)
    try:
        return [row[0] for row in connection.execute("SELECT reference_no FROM applications ORDER BY id")]
    finally:
        connection.close()


def test_one_object_prints_its_reference(tmp_path: Path) -> None:
    database_file = prepare(tmp_path)
    result = run_cli(
        tmp_path, "lodge", str(write_json(tmp_path / "one.json", application())), "--user", "amy"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == references_in(database_file)
    assert result.stdout.startswith("LT01-")


def test_a_list_of_three_prints_three_references_in_order(tmp_path: Path) -> None:
    database_file = prepare(tmp_path)
    items = [application(hkid=hkid) for hkid in ("A123456(3)", "P５００００１（０）", "C668668(9)")]
    result = run_cli(tmp_path, "lodge", str(write_json(tmp_path / "three.json", items)), "--user", "amy")
    assert result.returncode == 0, result.stderr
    printed = result.stdout.splitlines()
    assert len(printed) == 3
    assert printed == references_in(database_file)
    connection = raw_connect(database_file, read_only=True)
    try:
        hkids = [row[0] for row in connection.execute("SELECT hkid FROM applicants ORDER BY id")]
    finally:
        connection.close()
    assert hkids == ["A123456(3)", "P500001(0)", "C668668(9)"]  # the full-width one folded


def test_a_bad_second_item_lodges_nothing_and_names_it(tmp_path: Path) -> None:
    database_file = prepare(tmp_path)
    bad_row = {**application()["employment"][0], "start": "2020-01-01", "end": "2019-01-01"}
    items = [
        application(),
        application(hkid="P500001(0)", employment=[bad_row]),
        application(hkid="C668668(9)"),
    ]
    result = run_cli(tmp_path, "lodge", str(write_json(tmp_path / "bad.json", items)), "--user", "amy")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "未有遞交任何申請" in result.stderr
    assert "Nothing was lodged" in result.stderr
    assert (
        "  - [1] employment.0.end: The end date is before the start date. / 結束日期早於開始日期。"
        in result.stderr
    )
    assert references_in(database_file) == []


def test_unknown_keys_and_bad_files_are_refused(tmp_path: Path) -> None:
    prepare(tmp_path)
    typo = run_cli(
        tmp_path,
        "lodge",
        str(write_json(tmp_path / "typo.json", application(hkid_seen=True))),
        "--user",
        "amy",
    )
    assert typo.returncode == 1
    assert 'Unknown key "hkid_seen"' in typo.stderr
    (tmp_path / "broken.json").write_text('{"hkid": ', encoding="utf-8")
    for arguments, expected in (
        (["lodge", str(tmp_path / "broken.json"), "--user", "amy"], "不是有效的 JSON"),
        (["lodge", str(tmp_path / "missing.json"), "--user", "amy"], "no such file"),
        (["lodge", str(write_json(tmp_path / "n.json", [application(), 7])), "--user", "amy"], "[1]"),
    ):
        result = run_cli(tmp_path, *arguments)
        assert result.returncode == 1, arguments
        assert expected in result.stderr, result.stderr
    # A name that is no user reads as a wrong password (docs/security.md, "Unknown names").
    unknown = run_cli(
        tmp_path, "lodge", str(write_json(tmp_path / "u.json", application())), "--user", "nobody"
    )
    assert unknown.returncode == 3
    assert "Wrong user name or password." in unknown.stderr


def test_the_documented_example_lodges(tmp_path: Path) -> None:
    database_file = prepare(tmp_path)
    result = run_cli(tmp_path, "lodge", str(EXAMPLE), "--user", "amy")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == references_in(database_file)
    assert len(references_in(database_file)) == 2


def test_case_show_gives_the_relevant_shortfall_of_an_industry_only_job(tmp_path: Path) -> None:
    prepare(tmp_path)
    cargo = {"qualification": CARGO_QR, "carer_declaration": False}
    employment = [
        {  # 4 years 10 months in the industry, not relevant to the qualification
            "employer": "Kwai Chung Warehousing",
            "post": "Warehouse clerk",
            "industry": "Logistics",
            "start": "2015-01-01",
            "end": "2019-10-31",
            "relevant_to": [],
        },
        {  # 1 year relevant
            "employer": "Asia Air Cargo",
            "post": "Air cargo supervisor",
            "industry": "Logistics",
            "start": "2019-11-01",
            "end": "2020-10-31",
            "relevant_to": [CARGO_QR],
        },
    ]
    file = write_json(tmp_path / "cargo.json", application(qualifications=[cargo], employment=employment))
    lodged = run_cli(tmp_path, "lodge", str(file), "--user", "amy")
    assert lodged.returncode == 0, lodged.stderr
    shown = run_cli(tmp_path, "case", "show", lodged.stdout.strip(), "--json")
    assert shown.returncode == 0, shown.stderr
    case = json.loads(shown.stdout)
    assert [len(period["relevant_to"]) for period in case["periods"]] == [0, 1]
    (entry,) = case["eligibility"]
    assert entry["qr_number"] == CARGO_QR
    claimed = entry["claimed"]
    assert claimed["total_months"] == 70
    assert claimed["relevant_months"] == 12
    assert claimed["required_total_months"] == 60
    assert claimed["required_relevant_months"] == 24
    assert claimed["total_shortfall_months"] == 0
    assert claimed["relevant_shortfall_months"] == 12
    assert claimed["rule"]["min_total_years"] == 5
    assert claimed["rule"]["min_relevant_years"] == 2
