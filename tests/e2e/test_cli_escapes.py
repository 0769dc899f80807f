"""The CLI never sends a stored control character to the terminal: ``case show`` prints an ESC sequence
held in the database (put there directly, as a forged merge or an old version could have) as ``\\x1b``,
its JSON stays valid JSON holding the value itself."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.cli_helpers import raw_connect
from tests.e2e.test_cli_case import lodge_case, run_cli

HOSTILE = "CHAN\x1b[2J\x1b]0;PWNED\x07\u202eTAI\x85MAN"  # upper case, as a surname is shown


def _store(data_dir: Path, reference: str) -> None:
    """The applicant's particulars (and the case's copy) and its employers hold ESC codes, a bell, a bidi override and a C1
    control: written by SQL, past every check of the app."""
    connection = raw_connect(data_dir / "cases.sqlite3")
    try:
        application_id, applicant_id = connection.execute(
            "SELECT id, applicant_id FROM applications WHERE reference_no = ?", (reference,)
        ).fetchone()
        for table, row in (("applications", application_id), ("applicants", applicant_id)):
            connection.execute(
                f"UPDATE {table} SET surname_en = ?, name_zh = ? WHERE id = ?",
                (HOSTILE, "陳\x1b[31m大文", row),
            )
        connection.execute(
            "UPDATE employment_periods SET employer = ? WHERE application_id = ?",
            ("Evil\x1b[8m hidden", application_id),
        )
        connection.commit()
    finally:
        connection.close()


def test_case_show_prints_stored_control_characters_escaped(tmp_path: Path) -> None:
    reference = lodge_case(tmp_path)
    _store(tmp_path, reference)
    result = run_cli(tmp_path, "case", "show", reference)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    for raw in ("\x1b", "\x07", "\x85", "\u202e"):
        assert raw not in text
    assert "陳\\x1b[31m大文" in text
    assert "CHAN\\x1b[2J\\x1b]0;PWNED\\x07\\u202eTAI\\x85MAN" in text
    assert "Evil\\x1b[8m hidden" in text
    assert "\n工作經驗 Employment\n" in text  # the layout's own line breaks stay


def test_case_show_json_escapes_them_and_stays_valid_json(tmp_path: Path) -> None:
    reference = lodge_case(tmp_path)
    _store(tmp_path, reference)
    result = run_cli(tmp_path, "case", "show", reference, "--json")
    assert result.returncode == 0, result.stderr
    for raw in ("\x1b", "\x07", "\x85", "\u202e"):
        assert raw not in result.stdout
    assert "陳" in result.stdout  # Chinese still as written
    data = json.loads(result.stdout)
    assert HOSTILE in data["applicant"]["name_en"]  # the value itself: escaped only in the JSON text
    assert data["periods"][0]["employer"] == "Evil\x1b[8m hidden"
