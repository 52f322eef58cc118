"""Garbage collection around big batches of long-lived objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection within the block; the collector's state is restored on leaving.

    For work that makes a great many objects which stay alive (a parsed record, a letters
    build's plans and print file): each collection, set off by their number alone, would walk
    them all again, and there is little garbage in cycles to find. Measured on 1,000 bidders:
    a third of the load time and 1.4 s of the build, with the same peak memory.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
