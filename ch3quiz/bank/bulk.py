"""Reading a large bank in bulk: the cyclic garbage collector paused meanwhile.

Reading 60,000 questions (from YAML or from the JSON cache) makes a million objects that all stay
alive; the collector, triggered by the allocations, rescanned the growing heap again and again and
cost three times the read itself. Reference counting still frees what a read drops, and the
collector runs as before once the read is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_gc() -> Iterator[None]:
    """The cyclic collector paused for a bulk read (left off if it was off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
