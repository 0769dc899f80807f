"""The demo data folder: years of promotion days and their cases, written only into a demo database."""

# The demo's defaults, here (no imports) so the command line and the window name them before loading it.
DEFAULT_APPLICATIONS = 60
DEFAULT_SEED = 2023
