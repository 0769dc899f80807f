"""Reading cases: the lists and one case in full."""
