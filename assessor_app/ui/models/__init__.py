"""Qt item models adapting plain rows from the core services."""
