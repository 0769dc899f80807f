"""Case search: SQLite FTS5 trigram indexes of the cases' names, reference numbers, HKIDs and employers.

``case_search`` holds one row per application (its rowid the application's id): the reference number, the
names (the case's own copy of the particulars and the person's current ones: Chinese name, English surname
and given names, alias) and the compact HKID (no brackets). ``case_search_employers`` holds one row per
employment period (its rowid the period's id) with the employer, its application's id beside it.
``case_search_words`` (one row per application, the unicode61 tokenizer) holds the words one- and
two-character queries are answered from: the characters of each Chinese name and the pairs of them, and the
English names' words. Triggers keep all three in step with the data inside the same transaction,
whoever writes (the app, a merge, an import, sqlite3); every existing case is indexed here. The trigram tokenizer answers substrings of three or more
characters from the index; ``case_search_words`` the shorter ones (``core/services/cases/search.py``).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

from alembic import op


revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_NAME_COLUMNS = ("name_zh", "surname_en", "given_names_en", "alias")
_NAMES = " || ' ' || ".join(f"coalesce({row}.{column}, '')" for row in ("a", "p") for column in _NAME_COLUMNS)
SHORT_NAME_CHARACTERS = 8  # a Chinese name's first characters, and the pairs among them, are words


def _pieces(name: str) -> str:
    """A Chinese name's characters and pairs of characters, as words: ``陳 大 文 陳大 大文``."""
    singles = [f"substr({name}, {i}, 1)" for i in range(1, SHORT_NAME_CHARACTERS + 1)]
    pairs = [f"substr({name}, {i}, 2)" for i in range(1, SHORT_NAME_CHARACTERS)]
    return " || ' ' || ".join(singles + pairs)


_WORDS = " || ' ' || ".join(
    [_pieces(f"coalesce({row}.name_zh, '')") for row in ("a", "p")]
    + [f"coalesce({row}.{column}, '')" for row in ("a", "p") for column in _NAME_COLUMNS[1:]]
)
_CASE_ROWS = f"""
    INSERT INTO case_search (rowid, reference, names, hkid)
    SELECT a.id, coalesce(a.reference_no, ''), {_NAMES}, replace(replace(coalesce(p.hkid, ''), '(', ''), ')', '')
    FROM applications a JOIN applicants p ON p.id = a.applicant_id WHERE {{where}};
    INSERT INTO case_search_words (rowid, words)
    SELECT a.id, {_WORDS} FROM applications a JOIN applicants p ON p.id = a.applicant_id WHERE {{where}};
"""
_DROP_CASE_ROWS = """
    DELETE FROM case_search WHERE rowid {which};
    DELETE FROM case_search_words WHERE rowid {which};
"""
_EMPLOYER_ROW = """
    INSERT INTO case_search_employers (rowid, employer, application_id)
    SELECT e.id, coalesce(e.employer, ''), e.application_id FROM employment_periods e
"""
_OF_APPLICANT = "IN (SELECT id FROM applications WHERE applicant_id = NEW.id)"

TRIGGERS = {
    "case_search_application_insert": (
        "AFTER INSERT ON applications BEGIN" + _CASE_ROWS.format(where="a.id = NEW.id") + " END"
    ),
    "case_search_application_update": (
        "AFTER UPDATE OF reference_no, applicant_id, name_zh, surname_en, given_names_en, alias "
        "ON applications BEGIN"
        + _DROP_CASE_ROWS.format(which="= OLD.id")
        + _CASE_ROWS.format(where="a.id = NEW.id")
        + " END"
    ),
    "case_search_application_delete": (
        "AFTER DELETE ON applications BEGIN" + _DROP_CASE_ROWS.format(which="= OLD.id") + " END"
    ),
    "case_search_applicant_update": (
        "AFTER UPDATE OF hkid, name_zh, surname_en, given_names_en, alias ON applicants BEGIN"
        + _DROP_CASE_ROWS.format(which=_OF_APPLICANT)
        + _CASE_ROWS.format(where="a.applicant_id = NEW.id")
        + " END"
    ),
    "case_search_employer_insert": (
        "AFTER INSERT ON employment_periods BEGIN" + _EMPLOYER_ROW + " WHERE e.id = NEW.id; END"
    ),
    "case_search_employer_update": (
        "AFTER UPDATE OF employer, application_id ON employment_periods BEGIN "
        "DELETE FROM case_search_employers WHERE rowid = OLD.id;"
        + _EMPLOYER_ROW
        + " WHERE e.id = NEW.id; END"
    ),
    "case_search_employer_delete": (
        "AFTER DELETE ON employment_periods BEGIN DELETE FROM case_search_employers WHERE rowid = OLD.id; END"
    ),
}


def upgrade() -> None:
    op.execute("CREATE VIRTUAL TABLE case_search USING fts5(reference, names, hkid, tokenize = 'trigram')")
    op.execute(
        "CREATE VIRTUAL TABLE case_search_employers USING fts5(employer, application_id UNINDEXED, "
        "tokenize = 'trigram')"
    )
    # Words for one- and two-character queries, which the trigram index cannot answer.
    op.execute("CREATE VIRTUAL TABLE case_search_words USING fts5(words, tokenize = 'unicode61')")
    for statement in _CASE_ROWS.format(where="1").split(";"):
        if statement.strip():
            op.execute(statement)
    op.execute(_EMPLOYER_ROW)
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS case_search_words")
    op.execute("DROP TABLE IF EXISTS case_search_employers")
    op.execute("DROP TABLE IF EXISTS case_search")
