"""Time and peak Python memory of one call, printed as a table row."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from typing import TypeVar

from bench.report import keep

T = TypeVar("T")


def measure(label: str, work: Callable[[], T]) -> T:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = work()
    finally:
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"{label:<58} {elapsed:8.3f} s {peak / 2**20:9.1f} MiB peak")
    keep(label, elapsed, memory_mib=peak / 2**20)
    return result
