"""The benchmark report: a group run alone replaces its own section and keeps the others as measured."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import report


@pytest.fixture(autouse=True)
def _no_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "FIGURES", [])


def test_a_group_run_alone_replaces_only_its_own_section(tmp_path: Path) -> None:
    out = tmp_path / "performance.md"
    report.record("sync (10,000 applications)", "merge", 7.0)
    report.record("documents (60 applications)", "slip", 0.067)
    report.write_report(out, "python -m bench --report performance.md")
    first = out.read_text(encoding="utf-8")
    assert "## sync (10,000 applications)" in first
    assert "| slip | 67.0 ms |" in first

    report.FIGURES.clear()
    report.record("sync (500 applications)", "merge", 0.5)
    report.write_report(out, "python -m bench --only sync --applications 500 --report performance.md")
    second = out.read_text(encoding="utf-8")
    assert "## sync (500 applications)" in second
    assert "| merge | 500.0 ms |" in second
    assert "## sync (10,000 applications)" not in second  # replaced, not kept beside
    assert "| slip | 67.0 ms |" in second  # the group not run stays as it was measured
    assert second.count("Measured ") == 2
    assert "`python -m bench --only sync --applications 500 --report performance.md`" in second
