"""Known problems the user can act on, each with a stable code and a message in both languages."""

from __future__ import annotations


class AppError(Exception):
    """A known, explainable problem (bad input, environment); never a bug.

    The UI shows ``message(lang)``; the CLI prints both languages. ``code`` is stable so tests
    and logs can match on it without parsing prose.
    """

    code = "app_error"

    def __init__(self, en: str, zh: str, *, code: str | None = None, details: list[str] | None = None):
        super().__init__(en)
        self.en = en
        self.zh = zh
        if code is not None:
            self.code = code
        self.details: list[str] = list(details or [])

    def message(self, lang: str = "en") -> str:
        """The message in ``lang`` ("zh" for Traditional Chinese, anything else English)."""
        return self.zh if lang.startswith("zh") else self.en

    def bilingual(self) -> str:
        """Both languages, Chinese first, as printed by the CLI and written to logs."""
        return f"{self.zh}\n{self.en}"


class DatabaseError(AppError):
    """The case database cannot be used as it is; the file is left untouched."""

    code = "database"


class DatabaseCorruptError(DatabaseError):
    code = "database_corrupt"


class DatabaseTooNewError(DatabaseError):
    code = "database_too_new"


class DatabaseLockedError(DatabaseError):
    code = "database_locked"


class DatabaseUnwritableError(DatabaseError):
    code = "database_unwritable"


class ValidationError(AppError):
    """User input that breaks a rule; ``details`` lists one line per problem (row, field, reason)."""

    code = "validation"
