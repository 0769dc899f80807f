"""Excel sync with the QF Secretariat and other stations: the batch workbook, export, results, merge.

Qt-free. :mod:`.workbook_format` is the single source of truth for the workbook's sheets and columns;
:mod:`.writer` streams SpreadsheetML, :mod:`.guard` refuses hostile files before parsing, :mod:`.reader`
parses with defusedxml, and :mod:`.export` / :mod:`.import_results` work on the case database.
"""
