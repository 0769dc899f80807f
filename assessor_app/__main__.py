"""Allows `python -m assessor_app`."""

from assessor_app.main import main

raise SystemExit(main())
