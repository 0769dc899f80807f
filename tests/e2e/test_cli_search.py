"""``assessor-app search``: the same engine as the Cases page, masked HKIDs only, JSON rows for scripts."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_cli_case import lodge_case, run_cli


def test_search_finds_a_case_by_name_reference_and_hkid_and_prints_it_masked(tmp_path: Path) -> None:
    reference = lodge_case(tmp_path)
    for text in ("陳", "大文", "chan tai", reference[-4:], "A123456(3)", "ａ１２３４"):
        result = run_cli(tmp_path, "search", text, "--json")
        assert result.returncode == 0, result.stderr
        [row] = json.loads(result.stdout)
        assert row["reference_no"] == reference, text
        assert set(row) >= {"reference_no", "name_zh", "name_en", "hkid_masked", "state", "event"}
        assert row["hkid_masked"] == "A123***(*)"
        assert row["state"] == "lodged"
        assert "A123456" not in result.stdout
    printed = run_cli(tmp_path, "search", "陳大文")
    assert reference in printed.stdout
    assert "A123456" not in printed.stdout


def test_nothing_found_and_a_bad_limit(tmp_path: Path) -> None:
    lodge_case(tmp_path)
    result = run_cli(tmp_path, "search", "無此人", "--json")
    assert (result.returncode, json.loads(result.stdout)) == (0, [])
    assert "no case found" in run_cli(tmp_path, "search", "無此人").stdout
    refused = run_cli(tmp_path, "search", "陳", "--limit", "0")
    assert refused.returncode == 2
    assert "--limit" in refused.stderr
