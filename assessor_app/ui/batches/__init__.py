"""The Batches page's dialogs: export a batch workbook, preview and apply returned results, merge
another laptop's batch. File dialogs are thin wrappers in :mod:`.files`, which tests replace."""
