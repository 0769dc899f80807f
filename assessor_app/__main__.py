"""Allows `python -m assessor_app`."""

from assessor_app.cli import main

raise SystemExit(main())
