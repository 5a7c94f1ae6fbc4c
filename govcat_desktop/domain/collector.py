"""Pausing Python's cyclic garbage collector while many small objects without cycles are built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Cyclic garbage collection off while a workbook or a project file turns into many small objects (rows, cells,
    records).

    They form no reference cycles, yet each batch of allocations would make the collector walk all of them
    again: with it off a 60,000-item copy reads about a sixth faster, and a department whose 60,000 items are all
    distinct loads in about two thirds of the time. Back on (if it was on) when done.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
