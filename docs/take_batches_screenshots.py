"""Screenshots of the Batches page for docs/screenshots/, each with one of its dialogs open.

A demo promotion day: twelve cases were signed off and exported (batch 1), the Secretariat returned the
workbook with results, and eight more cases have been signed off since. The supervisor is working.

- ``batches-export-{en,zh}.png``: the export dialog (filters, the live count, full HKIDs ticked);
- ``batches-password-{en,zh}.png``: the password of that full-HKID workbook, shown once;
- ``batches-preview-{en,zh}.png``: the preview of the returned results, every change listed;
- ``batches-unlock-{en,zh}.png``: the password asked for when another laptop's encrypted batch is merged;
- ``batches-merge-{en,zh}.png``: the report of merging it (cases added, conflicts);
- ``batches-conflicts-{en,zh}.png``: the merge conflicts, one selected with a supervisor's reason typed;
- ``batches-page-{en,zh}.png``: the page afterwards, the exported, imported and merged batches listed.

Run under a virtual X server::

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/take_batches_screenshots.py

A dialog is a window of its own, so each picture is the main window with the dialog drawn over it, as
a window manager would place it.
"""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import date
from pathlib import Path

import screenshot_support as shots
from openpyxl import load_workbook
from PySide6.QtWidgets import QWidget

from assessor_app.core.db.database import Database, open_database
from assessor_app.core.services.demo.promotion_day import generate_demo
from assessor_app.core.services.intake.station_keys import enrol_station, save_public_key
from assessor_app.core.services.sync.encryption import decrypt_workbook
from assessor_app.core.services.sync.export import export_batch
from assessor_app.ui import i18n, tasks
from assessor_app.ui.app import application
from assessor_app.ui.batches import files
from assessor_app.ui.context import UiContext
from assessor_app.ui.pages.batches_page import BatchesPage

SUPERVISOR = "syleung"


def sign_off(database: Database, count: int) -> None:
    """Move the first ``count`` lodged cases to signed off (the review itself is not the point here)."""
    connection = sqlite3.connect(database.path)
    try:
        connection.execute(
            "UPDATE applications SET status = 'signed_off' WHERE id IN "
            "(SELECT id FROM applications WHERE status = 'lodged' ORDER BY id LIMIT ?)",
            (count,),
        )
        connection.commit()
    finally:
        connection.close()


def returned_workbook(source: Path, target: Path) -> Path:
    """What the Secretariat sends back: most qualifications passed with an SoA, one failed."""
    workbook = load_workbook(source)
    sheet = workbook["results"]
    keys = [cell.value for cell in sheet[2]]
    result, number, when = keys.index("result") + 1, keys.index("soa_number") + 1, keys.index("soa_date") + 1
    remarks = keys.index("remarks") + 1
    for row in range(3, sheet.max_row + 1):
        if row == 5:
            sheet.cell(row, result).value = "failed"
            sheet.cell(row, remarks).value = "僱主證明不足 Employer proof insufficient"
            continue
        sheet.cell(row, result).value = "passed"
        sheet.cell(row, number).value = f"SOA-2024-{row:05d}"
        sheet.cell(row, when).value = date(2024, 3, 15)
    workbook.save(target)
    return target


def other_laptop(folder: Path, here: Database) -> tuple[Path, str]:
    """Another station's (LT03's) full-HKID export and its password, that station enrolled ``here``: half
    its cases are new here, half clash with this laptop's reference numbers."""
    database = open_database(folder / "other.sqlite3")
    try:
        generate_demo(database, applications=20, seed=11, station="LT03")
        key_file = folder / "lt03-key.json"  # merges take only batches of an enrolled station
        save_public_key(database, key_file)
        enrol_station(here, key_file, actor=SUPERVISOR)
        sign_off(database, 8)
        connection = sqlite3.connect(database.path)
        try:
            connection.execute(
                "UPDATE applications SET reference_no = replace(reference_no, 'LT0', 'LT9') WHERE id IN "
                "(SELECT id FROM applications WHERE status = 'signed_off' ORDER BY id LIMIT 4)"
            )
            # The rest as this laptop numbers its own (LT01), so they clash here.
            connection.execute("UPDATE applications SET reference_no = replace(reference_no, 'LT03', 'LT01')")
            connection.commit()
        finally:
            connection.close()
        result = export_batch(database, folder / "station-LT9-batch.xlsx", actor=SUPERVISOR, full_hkid=True)
        assert result.password is not None
        return result.path, result.password
    finally:
        database.close()


def main() -> int:
    app = application()
    with tempfile.TemporaryDirectory() as folder, shots.data_folder(folder) as data_dir:
        base = Path(folder)
        database = open_database(data_dir.database)
        try:
            generate_demo(database, applications=40, seed=7)
            sign_off(database, 12)
            exported = export_batch(database, base / "batch-2024-03-01.xlsx", actor=SUPERVISOR)
            assert exported.password is not None  # every export is encrypted: the Secretariat opened it
            decrypt_workbook(exported.path, exported.path, exported.password)
            returned = returned_workbook(exported.path, base / "batch-2024-03-01-results.xlsx")
            sign_off(database, 8)
            merged, merged_password = other_laptop(base, database)

            def ask_results_file(parent: QWidget | None) -> Path | None:
                return returned  # the file dialogs, answered

            def ask_merge_file(parent: QWidget | None) -> Path | None:
                return merged

            files.ask_results_file = ask_results_file
            files.ask_merge_file = ask_merge_file

            context = UiContext(database=database, data_dir=data_dir, language=i18n.ENGLISH)
            window = shots.main_window(context, user=SUPERVISOR)
            window.show_page("batches")
            page = window.pages["batches"]
            assert isinstance(page, BatchesPage)

            for language, suffix in shots.LANGUAGES.items():
                window.set_language(language)
                shots.settle(300)
                export_dialog = page.export_batch()
                assert export_dialog is not None
                export_dialog.full_hkid_check.setChecked(True)
                shots.shoot_over(window, export_dialog, f"batches-export-{suffix}.png")
                export_dialog.reject()

                page.import_results()
                tasks.wait_for_all()
                shots.settle(300)
                preview = page.preview_dialog
                assert preview is not None
                shots.shoot_over(window, preview, f"batches-preview-{suffix}.png")
                preview.reject()
            # A full-HKID export locks the cases it takes: once, then its password shown in both languages.
            files.ask_export_path = lambda parent, suggested: base / "batch-2024-03-08-full.xlsx"
            export_dialog = page.export_batch()
            assert export_dialog is not None
            export_dialog.full_hkid_check.setChecked(True)
            export_dialog.start_export()
            tasks.wait_for_all()
            shots.settle(300)
            shown = page.password_shown_dialog
            assert shown is not None
            for language, suffix in shots.LANGUAGES.items():
                window.set_language(language)
                shots.shoot_over(window, shown, f"batches-password-{suffix}.png")
            shown.accept()
            # The merge changes the database: once, then shown in both languages.
            page.merge_batch()
            unlock = page.password_dialog
            assert unlock is not None
            unlock.edit.setText(merged_password)
            for language, suffix in shots.LANGUAGES.items():
                window.set_language(language)
                shots.shoot_over(window, unlock, f"batches-unlock-{suffix}.png")
            unlock.submit()
            tasks.wait_for_all()
            shots.settle(300)
            report = page.merge_dialog
            assert report is not None
            for language, suffix in shots.LANGUAGES.items():
                window.set_language(language)
                shots.shoot_over(window, report, f"batches-merge-{suffix}.png")
            report.conflicts_button.click()
            shots.settle(300)
            conflicts = page.conflicts_dialog
            assert conflicts is not None
            conflicts.table.selectRow(1)
            conflicts.reason_edit.setPlainText(
                "兩部電腦的工作站代號設定相同；已向申請人核實，保留此電腦的個案。"
            )
            for language, suffix in shots.LANGUAGES.items():
                window.set_language(language)
                shots.shoot_over(window, conflicts, f"batches-conflicts-{suffix}.png")
            conflicts.reject()
            for language, suffix in shots.LANGUAGES.items():  # the page itself, its batches listed
                window.set_language(language)
                shots.shoot(window, f"batches-page-{suffix}.png")
            shots.close(window)
        finally:
            database.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
