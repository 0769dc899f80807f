"""Every figure the benchmarks print, also kept for ``python -m bench --report FILE`` (docs/performance.md)."""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    group: str
    what: str
    seconds: float | None
    memory_mib: float | None = None
    note: str = ""


FIGURES: list[Figure] = []
# The group the figures kept by :func:`keep` belong to: set by ``python -m bench`` before each group runs.
current_group = ["benchmarks"]


def keep(what: str, seconds: float | None, *, memory_mib: float | None = None, note: str = "") -> None:
    """Keep a figure a benchmark printed in its own layout, for the report, under the current group."""
    FIGURES.append(Figure(current_group[0], what, seconds, memory_mib, note))


def record(
    group: str, what: str, seconds: float | None, *, memory_mib: float | None = None, note: str = ""
) -> None:
    """Print one figure as a table row and keep it for the report."""
    FIGURES.append(Figure(group, what, seconds, memory_mib, note))
    time_text = "" if seconds is None else _time(seconds)
    memory_text = "" if memory_mib is None else f"{memory_mib:.1f} MiB"
    print(f"  {what:<66} {time_text:>10} {memory_text:>12}  {note}")


def _time(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
    except OSError:
        pass
    memory = ""
    if hasattr(os, "sysconf") and "SC_PHYS_PAGES" in os.sysconf_names:
        memory = f", {os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GiB"
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores{memory}, "
        f"Python {sys.version.split()[0]}"
    )


def write_report(path: Path, command: str) -> None:
    """docs/performance.md: each group's figures in run order, baselines beside what they measure.

    The groups run now replace their own sections; the sections of the groups not run (``--only``) are
    kept as they were, each saying when and by which command it was measured."""
    measured = f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `{command}`."
    sections = _sections(path)
    groups: dict[str, list[Figure]] = {}
    for figure in FIGURES:
        groups.setdefault(figure.group, []).append(figure)
    for group, figures in groups.items():
        lines = [
            f"## {group}",
            "",
            measured,
            "",
            "| what | time | peak memory | note |",
            "|---|---:|---:|---|",
        ]
        for figure in figures:
            time_text = "" if figure.seconds is None else _time(figure.seconds)
            memory_text = "" if figure.memory_mib is None else f"{figure.memory_mib:.1f} MiB"
            lines.append(f"| {figure.what.strip()} | {time_text} | {memory_text} | {figure.note} |")
        sections[_group_name(group)] = "\n".join(lines)
    header = [
        "# Performance",
        "",
        f"Written by `python -m bench --report {path}` (`make bench`); machine: {machine()}.",
        "Each group's baselines (the floor, or the plain way the product does not take) were measured in the",
        "same run, beside what they compare with; a group run alone (`--only`) replaces its own section only.",
        "Re-run it after a change that could make any of them slower.",
        "",
    ]
    Path(path).write_text("\n".join(header) + "\n" + "\n\n".join(sections.values()) + "\n", encoding="utf-8")


def _group_name(heading: str) -> str:
    """``sync (10,000 applications)`` → ``sync``: a section is the group's at whatever size it ran."""
    return heading.split(" (", 1)[0].strip()


def _sections(path: Path) -> dict[str, str]:
    """The sections (``## group`` to the next) of the report at ``path``, by group, in the file's order."""
    if not Path(path).exists():
        return {}
    sections: dict[str, str] = {}
    for chunk in ("\n" + Path(path).read_text(encoding="utf-8")).split("\n## ")[1:]:
        heading = chunk.split("\n", 1)[0]
        sections[_group_name(heading)] = ("## " + chunk).rstrip()
    return sections
