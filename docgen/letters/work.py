"""Run a list of independent tasks, in a process pool when they are worth it."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from docgen.build import processes

Task = tuple[Callable[[Any], Any], Any]  # a picklable function and its one argument
PRELOAD = ["docgen.letters.leaks"]


def run(tasks: Sequence[Task], workers: int | None = None, heavy: bool = True) -> list[Any]:
    """Each task's result, in order. Tasks go to the pool in order, so put the longest first.
    Workers start from the fork server (docgen.processes)."""
    count = min(workers or os.cpu_count() or 1, len(tasks))
    if count <= 1 or not heavy:
        return [function(argument) for function, argument in tasks]
    with ProcessPoolExecutor(max_workers=count, mp_context=processes.context(PRELOAD)) as pool:
        futures = [pool.submit(function, argument) for function, argument in tasks]
        return [future.result() for future in futures]
