"""Promotion-day intake: the application form, its autosave, draft recovery and the slip hand-over."""
