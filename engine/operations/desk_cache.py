"""What the desk keeps between requests: an authority's loaded facts and its findings as of a day, per
generation of the store's record of those facts.

Why: a page of the desk read the authority's every fact from the store and validated it (pydantic), sent it to
an evaluation worker and waited for the findings, on every request, though nothing had changed since the last
page. Most pages are read many times between two writes (an officer opening findings from the worklist, the
as-of picker moving back and forth), so the desk keeps the last few results and answers from them.

How it stays right without being told: every key holds the store's generation of the authority's facts
(engine/store/sqlite.py `Store.facts_generation`: what has been recorded, in two indexed queries), read afresh
for every request. Any write, from this desk, another desk process, `comply record`, an import, the ModernGov
sync, a correction, a withdrawal or a redaction, changes the generation, so the next page misses and reads and
evaluates afresh; old generations fall out of the cache as it fills. Nothing is invalidated by hand, and the
evaluation still runs only in the desk's worker processes (engine/operations/executors.py). The findings of a
day do not depend on the wall clock (the as-of instant is in the key), nor on anything but the facts and the
directions the desk was started with. What it cannot see: a row of the store changed in place by hand (an
UPDATE in the sqlite3 shell, outside comply, which never updates a fact version but to redact it, and then adds
a redaction row); such a page shows the kept findings until the next write or a restart of the desk.

Why here, beside the desk's worker pool (engine/operations/executors.py) rather than in engine/web/: the desk
package holds views only (tests/web/test_web_layers.py); engine/web/request.py makes the keys (`load_state`,
`evaluate`) and the factory gives each desk one cache.

What is kept is shared by the server's threads: the states and reports handed out must be read, never changed
(no view changes them: they filter and sort into lists of their own).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

__all__ = ["DEFAULT_ENTRIES", "DeskCache"]

T = TypeVar("T")

#: how many results a desk keeps (states and reports together): the authority's state and the findings of the
#: last few as-of days. Few, because the server's memory must stay flat (tests/web/test_desk_memory.py): each
#: report kept of the bundled data is about half a megabyte in the server (24 MB for 50 distinct days, measured)
DEFAULT_ENTRIES = 8


class DeskCache:
    """A bounded map from a key (which must hold the store generation it was computed from) to a value, least
    recently used first out; safe to share between the server's threads. Values are made outside the lock, so a
    slow evaluation holds up no other page; two requests that miss the same key at once both make it (the same
    value), and the first kept wins."""

    def __init__(self, entries: int = DEFAULT_ENTRIES):
        """`entries`: at most this many values are kept (ValueError below 1)."""
        if entries < 1:
            raise ValueError(f"entries: expected at least 1, got {entries}")
        self.entries = entries
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value kept under `key`, or `make()` kept and returned. What `make` raises is raised, and nothing
        is kept."""
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                self.hits += 1
                return self._kept[key]
            self.misses += 1
        value = make()
        with self._lock:
            value = self._kept.setdefault(key, value)
            self._kept.move_to_end(key)
            while len(self._kept) > self.entries:
                self._kept.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget every value (the counts of hits and misses are kept)."""
        with self._lock:
            self._kept.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._kept)
