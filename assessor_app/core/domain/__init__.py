"""Plain domain objects and rules with no storage and no UI."""
