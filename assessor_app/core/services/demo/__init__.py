"""The demo data folder: years of promotion days and their cases, written only into a demo database."""
