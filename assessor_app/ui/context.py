"""What every page needs: the open database, the data folder, the current language and who is working."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from assessor_app.core.paths import DataDir

if TYPE_CHECKING:  # the database layer is imported once signed in, not when the first window shows
    from assessor_app.core.db.database import Database


@dataclass
class UiContext:
    database: Database
    data_dir: DataDir
    language: str = "zh_HK"  # "zh_HK" or "en"; pages read it when they need core messages
    demo: bool = False
    user: str = ""  # username of who is working (chosen at start-up or with Switch user); "" for nobody
