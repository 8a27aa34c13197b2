"""Spread independent per-case work (validating, rendering) over the machine's cores.

Small collections run in this process: starting workers costs more than it saves, and a single
process keeps tracebacks and tests simple. Workers are forked, so they share the vocabularies and
the model that were loaded before the pool started.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence

PARALLEL_FROM = 400  # items of dear work (a case checked: milliseconds each); below this, one process is faster
# Pages are cheap to render (about a millisecond; most are municipality pages, 351 in any build), and
# the pool costs a few tenths of a second of processor time to start (forking, memory the workers
# touch): with fewer pages than this it costs more than it saves.
PAGES_PARALLEL_FROM = 1000
_work: dict[str, object] = {}


def _run_chunk(bounds: tuple[int, int]) -> list:
    # items reach the worker through fork, not through a pipe: only the results are pickled
    function, items = _work["function"], _work["items"]
    return [function(items[i]) for i in range(*bounds)]


def parallel_map(function: Callable, items: Sequence, workers: int | None = None, threshold: int | None = None) -> list:
    """[function(item) for item in items], in order, on several cores when it pays off (from
    `threshold` items, PARALLEL_FROM unless given: the tests lower it to run this path on few items)."""
    workers = workers or min(os.cpu_count() or 1, 8)
    threshold = PARALLEL_FROM if threshold is None else threshold
    if len(items) < threshold or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    _work["function"], _work["items"] = function, items
    size = -(-len(items) // (workers * 4))
    chunks = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    gc.freeze()  # the collector in a worker would touch every inherited object and so copy its memory page
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_run_chunk, chunks)
    finally:
        gc.unfreeze()
        _work.clear()
    return [result for chunk in results for result in chunk]
