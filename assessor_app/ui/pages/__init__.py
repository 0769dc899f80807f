"""The pages hosted by the main window."""
