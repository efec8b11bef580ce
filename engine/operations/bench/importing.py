"""The import budget of `comply bench --latency`: importing N facts against the load floor of the same facts.

Why against the load floor: an import reads a file, validates every row, checks every reference and writes
versions; a load reads the same facts back from the store and validates them. Both run on the same machine
in the same run, so their ratio moves less with the machine's load than either's seconds (docs/performance.md).
The budget (issue 19): importing 100,000 facts within 10x the load floor of the same facts.

The facts are the national benchmark's synthetic authorities (engine/operations/bench/generate.py), written as
the YAML import files an officer would give `comply import` (docs/facts-and-import.md; one file per authority,
its meetings with their attendance and items), imported one file after another with engine.store.importer's
import_file into a fresh store, each under its own shifted seed directions (engine/operations/bench/template.py).
N counts facts as the national benchmark does (engine/operations/bench/run.py `_facts_in`: a meeting's items and
attendance count one each), whole authorities until N is reached. An unchanged re-import of every file is timed
too: it must store nothing. The floor is one load_many of those authorities, in the same process.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from engine.core.errors import EngineError
from engine.directions.model import Direction
from engine.model import facts as F
from engine.operations.bench import generate as G
from engine.operations.bench.run import _facts_in
from engine.operations.bench.template import for_authority
from engine.store.importer import import_file
from engine.store.sqlite import Store

#: the budget's size by default: the issue's 100,000 facts
DEFAULT_FACTS = 100_000
#: years of history per generated authority (as the national benchmark's default)
YEARS = 5

_Dumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass
class ImportTiming:
    """One import measurement: facts imported (counted as `_facts_in`), authorities (files), and the wall and
    CPU seconds of the import, of the unchanged re-import, and of the load floor of the same facts."""

    facts: int
    authorities: int
    import_s: tuple[float, float]
    reimport_s: tuple[float, float]
    floor_s: tuple[float, float]


def _facts_of(items: list[tuple[str, F.Fact]]) -> int:
    """Facts as `_facts_in` counts them: one a fact, and one for each of a meeting's items and attendance."""
    return sum(1 + (len(f.items) + len(f.attendance) if isinstance(f, F.Meeting) else 0) for _, f in items)


def write_import_file(items: list[tuple[str, F.Fact]], path: Path) -> None:
    """An authority's facts as a YAML import file (docs/facts-and-import.md): `authority:` with its fields, then
    a list for each kind, every fact by its fields' names as the file spells them (aliases: `from`, `to`),
    empty fields left out. Raises EngineError if `items` holds no authority fact."""
    data: dict[str, object] = {}
    for kind, fact in items:
        fields = fact.model_dump(mode="json", by_alias=True, exclude_none=True)
        if kind == "authority":
            data["authority"] = fields
        else:
            data.setdefault(kind, []).append(fields)  # type: ignore[union-attr]
    if "authority" not in data:
        raise EngineError(f"{path}: no authority fact to write")
    path.write_text(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _timed(work: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def measure_import(
    work_dir: Path, seed: list[Direction], facts: int = DEFAULT_FACTS, progress: Callable[[str], None] = lambda _: None
) -> ImportTiming:
    """Write generated authorities as import files until they hold at least `facts` facts, import them into a
    fresh store (`work_dir/import`, removed first and at the end), import them again unchanged, and load them
    back: the timings of each. `seed`: the bundled directions (each authority's are shifted from them). Raises
    EngineError when an import fails or the re-import stores anything (the budget would time the wrong work)."""
    if facts < 1:
        raise EngineError(f"comply bench: expected at least 1 fact to import, got {facts}")
    folder = work_dir / "import"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    plan = G.Plan(authorities=1, years=YEARS)  # an authority's facts depend on its index, not on N
    progress(f"import: writing import files of {facts:,} facts")
    files: list[tuple[str, Path, list[Direction]]] = []
    total = 0
    while total < facts:
        index = len(files)
        items = G.authority_facts(plan, index)
        path = folder / f"{plan.key(index)}.yaml"
        write_import_file(items, path)
        files.append((plan.key(index), path, for_authority(seed, plan.key(index), plan.shift(index))))
        total += _facts_of(items)
    store = Store.open(folder / "import.db")
    try:

        def every_file() -> list[int]:
            return [import_file(store, path, directions).stored for _, path, directions in files]

        progress(f"import: {len(files)} files into a fresh store")
        first = _timed(every_file)
        progress("import: the same files again (unchanged)")
        again: list[int] = []
        second = _timed(lambda: again.extend(every_file()))
        if any(again):
            raise EngineError(f"comply bench: an unchanged re-import stored {sum(again)} versions; expected none")
        progress("import: the load floor of the same facts")
        loaded: list[int] = []
        floor = _timed(lambda: loaded.extend(_facts_in(s) for s in store.load_many([k for k, _, _ in files]).values()))
        if sum(loaded) != total:
            raise EngineError(f"comply bench: imported {total} facts but loaded {sum(loaded)} back")
    finally:
        store.close()
        shutil.rmtree(folder, ignore_errors=True)
    return ImportTiming(total, len(files), first, second, floor)
