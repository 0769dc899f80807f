"""The README's tables of the demo's users and of what each role may do agree with the code, so they cannot drift."""

from __future__ import annotations

from pathlib import Path

from assessor_app.core.domain.enums import CaseStatus, Role
from assessor_app.core.domain.permissions import PERMISSIONS
from assessor_app.core.domain.workflow import TRANSITIONS
from assessor_app.core.security.keyring import DEMO_ADMINISTRATOR, DEMO_PASSWORD
from assessor_app.core.services.demo.event import USERS

README = Path(__file__).resolve().parents[2] / "README.md"
ROLE_COLUMNS = {
    "intake clerk": Role.INTAKE_CLERK,
    "assessor": Role.ASSESSOR,
    "supervisor": Role.SUPERVISOR,
    "administrator": Role.ADMINISTRATOR,
}


def table(heading: str) -> tuple[list[str], list[list[str]]]:
    """The header and rows of the first table under ``heading`` in the README, cells stripped."""
    section = README.read_text(encoding="utf-8").split(f"\n{heading}\n", 1)[1]
    lines = section[section.index("\n| ") + 1 :].splitlines()
    cells = []
    for line in lines:
        if not line.startswith("|"):
            break
        cells.append([cell.strip() for cell in line.strip("|").split("|")])
    return cells[0], cells[2:]  # the line under the header is the alignment row


def test_the_role_table_is_the_permission_table() -> None:
    header, rows = table("### What each role may do")
    roles = [ROLE_COLUMNS[name] for name in header[2:]]
    shown = {
        row[1].strip("`"): frozenset(role for role, cell in zip(roles, row[2:], strict=True) if cell == "✓")
        for row in rows
    }
    expected = {action.value: allowed for action, allowed in PERMISSIONS.items()}
    expected["draft → lodged"] = TRANSITIONS[(CaseStatus.DRAFT, CaseStatus.LODGED)]
    assert shown == expected
    assert len(rows) == len(expected)  # no action listed twice


def test_the_demo_users_table_names_every_demo_user_with_their_role() -> None:
    header, rows = table("### The demo's users")
    assert header == ["user", "name", "role"]
    shown = {row[0].strip("`"): (row[1], ROLE_COLUMNS[row[2]]) for row in rows}
    expected = {user.username: (user.display_name, user.role) for user in USERS}
    assert shown.pop(DEMO_ADMINISTRATOR)[1] == Role.ADMINISTRATOR
    assert shown == expected
    assert (
        f"password `{DEMO_PASSWORD}`" in README.read_text(encoding="utf-8").split("### The demo's users")[1]
    )
