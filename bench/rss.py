"""The peak resident memory of this process itself (not of the process that started it)."""

from __future__ import annotations


def peak_rss_mib() -> float:
    """VmHWM on Linux: the peak of this process's own memory. ``ru_maxrss`` survives ``exec`` there, so
    a process spawned by a large one (``python -m bench`` after a 100,000-case group) reports its
    parent's peak instead of its own; it is the fallback elsewhere (kilobytes on Linux, bytes on macOS)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024
