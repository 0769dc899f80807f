"""``docs/batch-workbook.md``, generated from :mod:`.workbook_format` (``python -m`` this module)."""

from __future__ import annotations

from assessor_app.core.services.sync.batch_signature import (
    SIGNATURE_CONTEXT,
    SIGNATURE_CONTEXT_2,
    SIGNED_ITEMS,
    SIGNED_ITEMS_2,
)
from assessor_app.core.services.sync.workbook_format import (
    ALL_SHEET_NAMES,
    APPLICANTS,
    CHANGES,
    CODEBOOK_COLUMNS,
    DATA_SHEETS,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST_ITEMS,
)
from assessor_app.core.services.sync.workbook_layout import SHOWN, layout
from assessor_app.core.services.sync.workbook_personal_data import MINIMISED_COLUMNS


def render_markdown() -> str:
    """``docs/batch-workbook.md``, generated from this module."""
    lines = [
        "# The batch workbook 批次工作簿",
        "",
        "<!-- Generated from assessor_app/core/services/sync/workbook_format.py and workbook_layout.py by",
        "     `python -m assessor_app.core.services.sync.workbook_doc > docs/batch-workbook.md`;",
        "     a test fails when the two differ. Edit the module, not this file. -->",
        "",
        f"Format `{FORMAT_NAME}` version **{FORMAT_VERSION}**. The same table travels inside every workbook",
        "as its `codebook` sheet.",
        "",
        "## Layout",
        "",
        f"- Sheets, in order: {', '.join(f'`{name}`' for name in ALL_SHEET_NAMES)}.",
        "- Every data sheet: row 1 bilingual labels (Chinese, line break, English), row 2 the column keys the",
        "  app reads (do not change them), data from row 3. Both header rows are frozen; row 2 has filters.",
        "- No cell is ever a formula. Text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is",
        "  stored as a plain string cell and comes back identical.",
        "- Dates are real dates (shown yyyy-mm-dd); HKID numbers, phone numbers, reference and SoA numbers",
        "  are text. Yes/no columns hold `Y` or `N`. Columns with a closed list carry data validation.",
        "- Every workbook is password-encrypted (the password is shown once, never stored; Excel and",
        "  LibreOffice open it with it), and import and merge open it with its password. HKIDs are masked",
        "  (`A123***(*)`) unless a supervisor or administrator exported the batch with full numbers.",
        "- Only a supervisor or administrator may export a workbook unencrypted, and it is then *minimised*:",
        "  masked HKIDs, and the applicants sheet has only the columns marked *minimised* below (no date of",
        "  birth, phone, e-mail or address). The manifest's `personal_data` says which of the three a file",
        "  is: `full`, `masked` or `minimised` (see `docs/privacy.md`).",
        "- Rows are sorted by their key columns, so exporting the same cases twice gives identical data",
        "  sheets. Only the manifest items marked *volatile* below differ between two such exports.",
        "- A returned workbook is the same file with the Secretariat's columns (marked *returned*) filled in.",
        "- Laid out for a clerk (since 4.0): every sheet's rows start with the case's reference number and",
        "  the applicant's name (on the applicants sheet, the names and the HKID side by side); each coded",
        "  value has its bilingual label in the column beside it; the keys (UUIDs) are the last columns.",
        "  Columns marked *shown* are written for reading only: the app never reads them back (import and",
        "  merge read the other columns, by key, so the codes round-trip exactly) and `data_sha256` does",
        "  not cover them, so editing one changes nothing and proves nothing.",
        "- Printed (every sheet): A4 landscape, one page wide, the two header rows repeated on every page,",
        "  grid lines, the sheet's name and the page number in the footer; the header row is as tall as its",
        "  wrapped labels need; the key columns are outside the print area (they stay in the file).",
        "",
        "## Versions",
        "",
        "The reader takes a workbook's columns from its manifest's `format_version`: 4.x, 3.x and 2.x are read",
        "(a 2.0 workbook is merged with its 2.0 meaning and its results imported as before, see",
        "`docs/merge.md`; a 3.1 workbook, which has no `personal_data`, is full or masked by its",
        "`hkid_form`); any other version is refused, naming it. What each version changed:",
        "",
        *(f"- **{version}**: {text}" for version, text in CHANGES),
        "",
        "The applications sheet's `application_date` keeps its key in 3.0 (only its label and rule say it",
        "is the date received or the postmark): a Secretariat's lookups and the results import match on",
        "keys, and renaming it would break them for no gain in meaning.",
        "",
        "## manifest 清單",
        "",
        "Columns `key`, `label`, `value`; one row per item.",
        "",
        "| key | label | volatile |",
        "|---|---|---|",
    ]
    for key, zh, en, volatile in MANIFEST_ITEMS:
        lines.append(f"| `{key}` | {zh} {en} | {'yes' if volatile else ''} |")
    lines += [
        "",
        "`data_sha256` is the SHA-256 of the data sheets' values, each row written as a JSON array of",
        "strings (dates `yyyy-mm-dd`, blanks as empty strings) on its own line, sheet by sheet in the order",
        "above, each sheet preceded by its name.",
        "",
        "`signature` is the exporting station's Ed25519 signature (base64) of the UTF-8 bytes of the JSON",
        f'array `["{SIGNATURE_CONTEXT_2}", {", ".join(SIGNED_ITEMS_2)}]`',
        f'(before 3.3: `["{SIGNATURE_CONTEXT}", {", ".join(SIGNED_ITEMS)}]`):',
        "the manifest's values of those items, in that order, as JSON strings, with no spaces between items",
        "and non-ASCII characters as themselves (not `\\u` escapes), as Python's",
        '`json.dumps(values, ensure_ascii=False, separators=(",", ":"))` writes them. `signing_key` is',
        "that station's key fingerprint: the SHA-256 of the raw 32-byte public key, its first 80 bits in",
        "base32, in four groups of four (`K7QD-2MXA-R4TB-Q6ZE`), the same fingerprint both laptops show when",
        "a supervisor enrols the station. A merge accepts the batch only when the signature verifies with",
        "the key in force here for that fingerprint and that key is the named station's; editing any data",
        "cell and recomputing `data_sha256` breaks it (see `docs/merge.md`).",
        "",
        "`audit_entries` and `audit_head` are the exporting laptop's audit trail when the batch was",
        "written: how many entries it had and the hash of the last one (64 zeros for none). A copy of the",
        "batch kept elsewhere (the Secretariat's) is then a witness of the trail that nobody at the laptop",
        "can change: `assessor-app audit verify --against FILE` checks that the trail still has that entry",
        "with that hash (see `docs/audit-trail.md`).",
    ]
    for sheet in DATA_SHEETS:
        shown = {column.key for column in SHOWN[sheet.name]} - set(sheet.keys)
        lines += [
            "",
            f"## {sheet.name} {sheet.title_zh} {sheet.title_en}",
            "",
            sheet.description + f" Key: {' + '.join(f'`{key}`' for key in sheet.key_columns)}.",
            "",
            "| key | label | type | required | allowed values | rule |",
            "|---|---|---|---|---|---|",
        ]
        for column in layout(sheet).columns:
            minimised = sheet.name == APPLICANTS.name and column.key in MINIMISED_COLUMNS
            rule = (
                column.rule
                + (" *(returned)*" if column.returned else "")
                + (" *(minimised)*" if minimised else "")
                + (" *(shown)*" if column.key in shown else "")
            )
            allowed = ", ".join(f"`{value}`" for value in column.allowed)
            lines.append(
                f"| `{column.key}` | {column.label_zh} {column.label_en} | {column.type.value} | "
                f"{'yes' if column.required else ''} | {allowed} | {rule} |"
            )
    lines += [
        "",
        "## What the app does with it",
        "",
        "- **Export** (`assessor-app export --out FILE [--event CODE] [--status STATE] --user NAME`): by default",
        "  every signed-off case not yet exported; with `--status`, every case in that state. Cases with an open",
        "  correction always go. The workbook is built in memory and read back there with an independent",
        "  reader (calamine), cell by cell, and encrypted there too (unless `--unencrypted`, which writes the",
        "  minimised workbook): no clear copy of an encrypted workbook is ever written. Only then is it written beside the target and renamed into place, just before the",
        "  commit of the transaction that records the",
        "  batch (file SHA-256, one ledger item per case with a SHA-256 of what it carried), moves signed-off",
        "  cases to exported and locks every case to the batch, all audited. A failure, a full disk included,",
        "  leaves neither the file nor the batch; what a crash interrupted is settled at the next start.",
        "- **Import results** (`assessor-app import-results FILE [--apply] --user NAME`): previews by default;",
        "  `--apply` records every change or none. Only the returned columns of `results` are read as changes;",
        "  a blank result is pending; a different result already recorded is refused, never overwritten. Files",
        "  re-saved by Excel or LibreOffice are accepted (shared strings, dates as numbers or as `yyyy-mm-dd` /",
        "  `dd/mm/yyyy` text, `TRUE`/`FALSE` for yes/no). The Secretariat's remarks are stored with the result",
        "  they come with. Re-importing the same file changes nothing.",
        "- **Merge** (`assessor-app merge FILE [--password-stdin] --user NAME`): another station's unedited",
        "  **full-HKID** export, opened with its password (masked and minimised workbooks are refused), signed by a station",
        "  enrolled here (`assessor-app station enrol`; unsigned, altered and unknown-station batches are",
        "  refused). New cases are added",
        "  with the assessor's decisions and industries and locked into the merge batch; the same case is a",
        "  no-op; different content is kept as a conflict for a supervisor to resolve (`assessor-app conflicts`);",
        "  the same full HKID under another applicant is flagged. See `docs/merge.md`.",
        "- **Refused files**: over 64 MiB, not a zip / not an .xlsx, encrypted files without their password,",
        "  legacy OLE (.xls) files, more than 100",
        "  parts, zip bombs (more than 512 MiB uncompressed in all, 384 MiB in one part, or a part over 1 MiB",
        "  compressed more than 100 times), XML with a DTD or entities, formulas or error cells anywhere in the",
        "  data, unknown, hidden or missing sheets, unknown, duplicate or missing column keys, wrong types,",
        "  duplicate keys. Declared sheet dimensions are ignored. Each refusal lists sheet, row, column and reason",
        "  in both languages, and the database is left unchanged.",
    ]
    lines += [
        "",
        "## codebook 欄位說明",
        "",
        f"Columns {', '.join(f'`{key}`' for key in CODEBOOK_COLUMNS)}: one row per column above.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render_markdown(), end="")
