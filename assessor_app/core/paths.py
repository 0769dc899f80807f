"""Where things live: bundled resources (source tree or frozen bundle) and the user's data folder."""

from __future__ import annotations

import errno
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from assessor_app.core.private_files import private_folder

APP_NAME = "RPLAssessorWorkstation"
APP_AUTHOR = "RPLAssessor"

DATABASE_FILE = "cases.sqlite3"
DEMO_DATABASE_FILE = "demo.sqlite3"


def project_root() -> Path:
    """The folder holding ``resources/`` and ``db/``: the checkout, or PyInstaller's unpack folder."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parents[2]


def resource_path(*parts: str) -> Path:
    """A file under ``resources/`` whether running from source or from the frozen bundle."""
    return project_root().joinpath("resources", *parts)


def db_path(*parts: str) -> Path:
    """A file under ``db/`` (migration scripts and seed data)."""
    return project_root().joinpath("db", *parts)


@dataclass(frozen=True)
class DataDir:
    """Everything the app writes, in one folder: database, evidence, backups, logs."""

    root: Path

    @classmethod
    def default(cls) -> DataDir:
        override = os.environ.get("ASSESSOR_APP_DATA_DIR")
        return cls(Path(override) if override else Path(user_data_dir(APP_NAME, APP_AUTHOR)))

    @property
    def database(self) -> Path:
        return self.root / DATABASE_FILE

    @property
    def demo_database(self) -> Path:
        return self.root / DEMO_DATABASE_FILE

    @property
    def evidence(self) -> Path:
        return self.root / "evidence"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def ensure(self) -> None:
        """Create the folders owner-only (personal data lives here); a folder its owner made read-only is
        refused (PermissionError) rather than written into, which root could otherwise do."""
        if os.name == "posix" and self.root.is_dir() and not self.root.stat().st_mode & stat.S_IWUSR:
            raise PermissionError(errno.EACCES, "the folder is read-only 資料夾唯讀", str(self.root))
        for folder in (self.root, self.evidence, self.backups, self.logs):
            private_folder(folder)
