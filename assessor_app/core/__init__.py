"""Qt-free core: domain rules, the case database and the services the UI and the CLI share."""
