"""Benchmarks that print figures (time, peak memory) at realistic sizes: `make bench`."""
