"""The one small interface to durable-rules: `evaluate(obligations, evidence, clock) -> firings`.

Why so narrow: durable-rules 2.0.28 is unmaintained and has sharp edges that return wrong
answers silently (../shared/DURABLE_RULES.md). Everything that touches it lives here, so that it
could be replaced, and so that each defence is in one place:

- one process-wide host whose `_run()` does nothing: no background timer threads;
- rulesets registered once; findings carry our own ids, not durable's renamed rules;
- each evaluation in a fresh state (sid) that is deleted afterwards; a state over MAX_FACTS
  facts is refused with a clear error;
- every state fact asserted first and the clock last;
- a swallowed action exception (durable stores it in the state) fails the evaluation loudly,
  as does any engine error: never partial results.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass
from typing import Any, Iterator

from durable import engine as durable_engine

from rules import obligations as obligation_rules

#: A state larger than this is refused rather than evaluated slowly or wrongly.
MAX_FACTS = 20_000


class EngineError(Exception):
    """The rules engine failed or refused; the evaluation has no result."""


@dataclass(frozen=True)
class Firing:
    status: str
    obligation: str  # obligation key
    evidence: str | None  # evidence key


class _QuietHost(durable_engine.Host):
    """A durable-rules host without its timer threads (they corrupt results under load)."""

    def _run(self) -> None:  # noqa: D401 - deliberately does nothing
        return None


_lock = threading.Lock()
_host: _QuietHost | None = None
_sink: dict[str, list[Firing]] = {}
_sids = itertools.count(1)


def _collect(sid_box: list[str]):
    def sink(status: str, ok: str, ek: str | None) -> None:
        _sink[sid_box[0]].append(Firing(status, ok, ek))
    return sink


_current_sid: list[str] = [""]


def _get_host() -> _QuietHost:
    global _host
    if _host is None:
        name, definition = obligation_rules.define(_collect(_current_sid))
        _host = _QuietHost({name: definition})
    return _host


def _state_facts(obligations: list[dict[str, Any]], evidence: list[dict[str, Any]],
                 interleave: list[str] | None) -> Iterator[dict[str, Any]]:
    if interleave is None:
        yield from ({**o, "t": "obligation"} for o in obligations)
        yield from ({**e, "t": "evidence"} for e in evidence)
        return
    obs, evs = iter(obligations), iter(evidence)
    for kind in interleave:
        yield {**next(obs), "t": "obligation"} if kind == "o" else {**next(evs), "t": "evidence"}


def evaluate(obligations: list[dict[str, Any]], evidence: list[dict[str, Any]], clock: dict[str, Any],
             interleave: list[str] | None = None) -> list[Firing]:
    """Run the obligation rules over one small state and return every firing.

    Facts are flat dicts of strings and integers; obligations need `ok`, evidence `ek` (unique
    keys). State facts are asserted first (obligations then evidence, or in the order that
    `interleave` gives as a list of 'o' and 'e'), the clock last. Raises EngineError on any
    engine problem.
    """
    total = len(obligations) + len(evidence) + 1
    if total > MAX_FACTS:
        raise EngineError(f"refusing to evaluate a state of {total} facts (the limit is {MAX_FACTS}): "
                          "split the evaluation by authority and direction")
    with _lock:
        host = _get_host()
        sid = f"s{next(_sids)}"
        _current_sid[0] = sid
        _sink[sid] = []
        try:
            for fact in itertools.chain(_state_facts(obligations, evidence, interleave),
                                        ({**clock, "t": "clock"},)):
                fact["sid"] = sid
                try:
                    host.assert_fact(obligation_rules.RULESET, fact)
                except durable_engine.MessageNotHandledException:
                    # a fact no rule can use yet (for example evidence before any obligation):
                    # durable reports it; it is still stored and joins when its partners arrive
                    pass
            state = host.get_state(obligation_rules.RULESET, sid)
            if state.get("exception"):
                raise EngineError(f"a rule action failed inside the engine: {state['exception']}")
            return list(_sink[sid])
        except EngineError:
            raise
        except Exception as exc:
            raise EngineError(f"the rules engine failed: {type(exc).__name__}: {exc}") from exc
        finally:
            _sink.pop(sid, None)
            try:
                host.delete_state(obligation_rules.RULESET, sid)
            except Exception:
                pass
