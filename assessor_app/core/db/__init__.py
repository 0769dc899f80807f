"""The embedded SQLite case database: records, the single opening point and migrations."""
