"""Users for tests, created as the service requires: by an administrator (the first one set up if none)."""

from __future__ import annotations

from assessor_app.core.db.database import Database
from assessor_app.core.domain.enums import Role
from assessor_app.core.security import keyring
from assessor_app.core.services.review import accounts
from assessor_app.core.services.review.workflow import UserRow, create_user, list_users

FIRST_ADMIN = "firstadmin"
TEST_PASSWORD = "test password"  # every user's on a database signed in to (tests/e2e)


def add_user(database: Database, username: str, display_name: str, role: str) -> UserRow:
    """``create_user`` by an active administrator of the database; on a database without users, the user
    is the first administrator if their role is administrator, else ``firstadmin`` is set up first. On an
    encrypted database with a keyring the user gets the password :data:`TEST_PASSWORD`."""
    administrators = [user.username for user in list_users(database) if user.role == Role.ADMINISTRATOR.value]
    if not administrators:
        if not list_users(database, active_only=False) and role == Role.ADMINISTRATOR.value:
            return create_user(database, username, display_name, role, actor=username)
        create_user(database, FIRST_ADMIN, "First Administrator", Role.ADMINISTRATOR.value, actor=FIRST_ADMIN)
        administrators = [FIRST_ADMIN]
    if database.data_key is not None and keyring.exists(keyring.keyring_path(database.path)):
        return accounts.add_user(
            database, username, display_name, role, TEST_PASSWORD, actor=administrators[0]
        )
    return create_user(database, username, display_name, role, actor=administrators[0])


def add_staff(database: Database, *usernames: str, role: str = Role.INTAKE_CLERK.value) -> None:
    """Each of ``usernames`` an active user of ``role`` (a clerk unless told), unless already a user: the
    names tests record as the one who lodges, attaches or checks."""
    known = {user.username for user in list_users(database, active_only=False)}
    for username in usernames:
        if username not in known:
            add_user(database, username, username.title(), role)
