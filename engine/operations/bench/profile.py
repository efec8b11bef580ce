"""Where an evaluation's time goes: `comply bench --profile` (a profile is wanted wherever
a target is missed).

Why cProfile and categories rather than a flame graph: the question is how the evaluation
compares with its own floor, so the time of a few authorities, evaluated in this process exactly
as a worker does, is split into the steps of the pipeline: loading the facts (the floor),
building obligations and evidence (engine/evaluation/check.py `build`), durable-rules' C engine, our Python
around it (engine/evaluation/rete.py: JSON, running the actions), making the findings, and the rest.

The profiler's clock is the process's CPU time, not the wall clock: on a shared machine the wall
clock counts the time spent waiting for a core, and the steps' shares summed to 300% under a load
of 7 on 2 cores. Reading the CPU clock costs a system call per event, which inflates the steps made
of many small Python calls (rete.py's, the findings') against the C engine: compare profiles with
each other, not with the benchmark's figures.
"""

from __future__ import annotations

import cProfile
import gc
import pstats
import time
from pathlib import Path

from engine.core import calendar, collector
from engine.directions.model import Direction
from engine.evaluation.check import check
from engine.operations.bench import generate as G
from engine.operations.bench.template import for_authority
from engine.store.sqlite import Store


def _cumulative(stats: pstats.Stats, path_end: str, name: str) -> float:
    return sum(
        v[3]
        for (file, _line, func), v in stats.stats.items()  # type: ignore[attr-defined]
        if func == name and file.endswith(path_end)
    )


def _c_engine(stats: pstats.Stats) -> float:
    return sum(
        v[2]
        for (file, _line, func), v in stats.stats.items()  # type: ignore[attr-defined]
        if file == "~" and "durable_rules_engine" in func
    )


def profile(
    store_path: Path, plan: G.Plan, seed: list[Direction], authorities: int = 20
) -> list[tuple[str, float, float]]:
    """(step, seconds, share of the total) for evaluating the first `authorities` of the plan's store."""
    keys = [(plan.key(i), plan.shift(i)) for i in range(min(authorities, plan.authorities))]
    as_of = calendar.as_of_instant(plan.as_of.isoformat())
    profiler = cProfile.Profile(time.process_time)  # CPU time: on a shared machine wall time counts waiting
    thresholds = gc.get_threshold()
    collector.spare_for_a_batch()  # the garbage collector as in a batch's process, undone afterwards
    try:
        start = time.process_time()
        profiler.enable()
        with Store.open(store_path) as store:
            states = store.load_many([k for k, _ in keys])
        for key, shift in keys:
            check(states[key], for_authority(seed, key, shift), as_of)
        profiler.disable()
        total = time.process_time() - start
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
    stats = pstats.Stats(profiler)
    load = _cumulative(stats, "engine/store/sqlite.py", "load_many")
    build = _cumulative(stats, "engine/evaluation/check.py", "build")
    rete = _cumulative(stats, "engine/evaluation/rete.py", "evaluate")
    c_engine = _c_engine(stats)
    findings = _cumulative(stats, "engine/evaluation/check.py", "make_finding")
    steps = [
        ("load the facts (the floor)", load),
        ("build obligations and evidence", build),
        ("durable-rules C engine (assert, match, actions queue)", c_engine),
        ("engine/evaluation/rete.py Python (JSON, actions, checks)", rete - c_engine),
        ("make the findings (light; explained when read)", findings),
    ]
    steps.append(("the rest (directions template, sorting, counts)", max(0.0, total - sum(s for _, s in steps))))
    return [(name, seconds, seconds / total if total else 0.0) for name, seconds in steps]
