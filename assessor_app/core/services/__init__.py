"""Use cases over the case database, shared by the GUI and the command line."""
