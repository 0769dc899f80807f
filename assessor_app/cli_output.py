"""What the headless commands print goes to the terminal escaped: no stored value can drive the terminal.

A name or a reason that came in through a merged workbook, a lodged file or a catalogue may hold an ESC
sequence that would recolour the screen, move the cursor, rewrite the window title or hide the lines
after it. While a command runs, its standard output and error are wrapped so that every control or
invisible character but the line feed is printed as an escape (:func:`.normalise.printable`), whatever
prints it. JSON output is made safe the same way with JSON's own ``\\uXXXX`` escapes (:func:`json_safe`),
so it stays valid JSON.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TextIO, cast

from assessor_app.core.domain.normalise import UNPRINTABLE, printable


class _EscapedStream:
    """A text stream writing through :func:`printable`; everything else is the wrapped stream's."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(printable(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def escaped_output() -> Iterator[None]:
    """Standard output and error escaped (see the module docstring) until the block ends."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = cast(TextIO, _EscapedStream(out)), cast(TextIO, _EscapedStream(err))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def json_safe(text: str) -> str:
    """JSON text (``json.dumps(..., ensure_ascii=False)``) with every control or invisible character
    written as a ``\\uXXXX`` escape: such characters only ever stand inside its strings, so it stays the
    same JSON, and prints as it is."""
    return UNPRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def hong_kong_or_dash(moment: datetime | None) -> str:
    """A stored moment as a command prints it, in Hong Kong time (``-`` when there is none)."""
    from assessor_app.core.hong_kong_time import hong_kong_text  # zoneinfo loads when a time is printed

    return hong_kong_text(moment) or "-"
