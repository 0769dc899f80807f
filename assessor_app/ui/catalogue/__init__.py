"""The Catalogue page's import: file dialogs, the preview of an update file, its problems row by row."""
