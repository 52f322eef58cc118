"""The limits a record file must keep, so that no file can hang or exhaust the loader.

A record of 1 KB can expand to gigabytes through YAML aliases, nest deep enough to overflow the
parser's stack, or hold an integer too long for Python to convert. Each limit is checked before
the text is expanded (docgen.records.guard) and each one reached is a located message. The
largest realistic record, an award of 1,000 bidders (tools/bench.py), is 380 KB with about
43,000 YAML nodes and 6 levels of nesting: every limit leaves it a wide margin.
"""

from __future__ import annotations

MAX_FILE_BYTES = 5 * 1024 * 1024
"""The largest record file read: 5 MB, thirteen times the 1,000-bidder award."""

MAX_NODES = 200_000
"""The most YAML nodes (keys, values, list items) in a record, each alias counted as the whole
node it stands for: about 4,600 bidders."""

MAX_DEPTH = 64
"""The deepest nesting of mappings and lists, aliases expanded; records use about 6 levels."""

MAX_INTEGER_DIGITS = 64
"""The longest integer written in a record, in characters (the largest amount has 15 digits)."""

YAML_VERSIONS = ("1.1", "1.2")
"""The versions a %YAML directive may ask for."""


class LimitReached(Exception):
    """A record file breaks one of the limits above, at a 1-based line and column."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message
