"""The qualification catalogue: listing, search and catalogue updates."""
