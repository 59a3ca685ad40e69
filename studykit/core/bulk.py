"""Bulk work: pausing the cyclic garbage collector while making many small objects.

Generating cards, or exporting them, makes millions of small objects, none in a cycle; the
collector would rescan all of them again and again (over a quarter of the time at 50,000
facts, and growing with the base). Reference counting still frees everything.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic collector for the block; its previous state is restored."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if not gc.get_freeze_count():  # (never touch objects a caller froze)
                # What was made survives, and the collector's next young-generation pass would
                # walk every object (a second per 100,000 facts) to find no garbage: file them
                # with the old objects instead, as two passes would have (O(1)).
                gc.freeze()
                gc.unfreeze()
            gc.enable()
