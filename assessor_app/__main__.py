"""Allows `python -m assessor_app` (and is the bundle's entry point)."""

import multiprocessing

from assessor_app.main import main

if __name__ == "__main__":  # not in a worker process, which imports this module as __mp_main__
    multiprocessing.freeze_support()  # the bundle's worker processes (the demo's verdicts) start here
    raise SystemExit(main())
