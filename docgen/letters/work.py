"""Run a list of independent tasks, in a process pool when they are worth it."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

Task = tuple[Callable[[Any], Any], Any]  # a picklable function and its one argument
PRELOAD = ["docgen.letters.leaks"]


def run(tasks: Sequence[Task], workers: int | None = None, heavy: bool = True) -> list[Any]:
    """Each task's result, in order. Tasks go to the pool in order, so put the longest first.

    Workers start from a fork server, as in docgen.build: a child forked from a process that
    has used Typst could inherit a lock held by one of Typst's threads and hang.
    """
    count = min(workers or os.cpu_count() or 1, len(tasks))
    if count <= 1 or not heavy:
        return [function(argument) for function, argument in tasks]
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        futures = [pool.submit(function, argument) for function, argument in tasks]
        return [future.result() for future in futures]
