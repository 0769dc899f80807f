"""The demo data folder: a realistic promotion day, written only into a demo database."""
