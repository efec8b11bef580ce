"""The one place comply tunes Python's cyclic garbage collector, and why.

An evaluation makes millions of small objects (obligations, facts, firings, findings) and almost no
reference cycles; the modules, the pydantic models of the facts, rule kinds and directions, and the
directions themselves live as long as the process and are never garbage. With Python's defaults the
collector scans those long-lived objects again at every older collection: about a third of an
evaluation's CPU in a batch's process, and 36-46 ms of a cold `comply check` of about 400 ms
(measured: docs/performance.md, "The engine's host and the garbage collector" and "A cold start").
Two remedies, each for the process that wants it:

- `imported_apart()`: a block of imports with the collector paused, then everything made so far set
  aside from later scans (`gc.freeze`); what the command then makes is collected as usual
  (engine/cli/app.py, a command's module);
- `spare_for_a_batch()`: in a process that runs one batch and ends (engine/operations/executors.py),
  everything inherited frozen and the youngest generation collected every BATCH_THRESHOLDS[0] new
  objects rather than 700. Cycles are still collected, less often; the memory ends with the process.

Neither changes what is computed, only when unreachable cycles are freed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["BATCH_THRESHOLDS", "imported_apart", "spare_for_a_batch"]

#: the collector's thresholds in a batch's process (generations 0, 1, 2; Python's default is 700, 10, 10)
BATCH_THRESHOLDS = (100_000, 50, 1000)


@contextmanager
def imported_apart() -> Iterator[None]:
    """Run the block (imports) with the collector paused, then freeze everything made so far (`gc.freeze`:
    never scanned again). A caller that had paused the collector itself finds it paused still. Raises
    whatever the block raises (the collector is restarted first; nothing is frozen then)."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()
    gc.freeze()


def spare_for_a_batch() -> None:
    """In a process that runs one batch and ends: freeze what it inherited (the directions, the modules, for
    a forked child the parent's whole heap) and collect the youngest generation every BATCH_THRESHOLDS[0]
    new objects. Undo with `gc.unfreeze()` and the earlier `gc.get_threshold()` (the profiler does)."""
    gc.freeze()
    gc.set_threshold(*BATCH_THRESHOLDS)
