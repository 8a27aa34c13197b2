"""No full garbage collections while the pages are made.

A build keeps hundreds of thousands of objects alive until it ends (cases, notices, the model,
the pages' data); every full collection walks all of them and finds almost nothing (at 5,000
cases: nine collections, about a second of processor time, 59 objects freed). The young
generations, where short-lived cycles die, are still collected as usual; the workers of
parallel.py inherit the setting when they are forked. Afterwards the old thresholds return, so
a long-running process (the live preview) collects everything as before.
"""
from __future__ import annotations

import contextlib
import gc

NO_FULL_COLLECTION = 1_000_000_000  # collections of the middle generation before a full one


@contextlib.contextmanager
def young_collections_only():
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], NO_FULL_COLLECTION)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
