"""The national-scale benchmark's parts: a deterministic generator, generated states that
evaluate cleanly and the same with durable-rules as with the oracle, the incremental re-check equal
to a full check, the bulk load equal to one-by-one loads, and `comply bench` printing every figure.
No timed assertion: the figures are measured by `comply bench`, not by the tests."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from engine.core import calendar
from engine.core.errors import EngineError
from engine.directions.model import load_directions
from engine.evaluation.check import check
from engine.evaluation.oracle import oracle_evaluate
from engine.evaluation.recheck import recheck_after_submission
from engine.model.facts import Submission
from engine.operations.bench import generate as G
from engine.operations.bench.latency import run_once
from engine.operations.bench.run import LABELS
from engine.operations.bench.template import for_authority
from engine.store.sqlite import Store

REPO = Path(__file__).resolve().parents[2]
SEED = load_directions(REPO / "directions")
SMALL = G.Plan(authorities=3, years=2, seed=7)


def content_hash(path: Path) -> str:
    """Every row of every table, in a fixed order: equal hashes mean equal facts."""
    conn = sqlite3.connect(path)
    digest = hashlib.sha256()
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    for table in tables:
        for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
            digest.update(json.dumps([table, *row]).encode())
    conn.close()
    return digest.hexdigest()


@pytest.fixture(scope="module")
def small_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "small.db"
    G.generate(SMALL, path)
    return path


def test_the_generator_is_deterministic_and_the_seed_matters(small_store, tmp_path):
    again = tmp_path / "again.db"
    G.generate(SMALL, again)
    assert content_hash(again) == content_hash(small_store)
    other = tmp_path / "other.db"
    G.generate(G.Plan(3, 2, seed=8), other)
    assert content_hash(other) != content_hash(small_store)


def test_the_generated_store_holds_every_kind_of_fact_for_every_authority(small_store):
    with Store.open(small_store) as store:
        assert store.authorities() == ["council-0001", "council-0002", "council-0003"]
        kinds = dict(store.conn.execute("SELECT kind, COUNT(*) FROM fact_versions GROUP BY kind").fetchall())
        state = store.load("council-0002")
    for kind in ("meetings", "submissions", "memberships", "roles", "requests", "responses"):
        assert kinds[kind] > 0, kind
    assert all(m.attendance and m.items for m in state.meetings if m.status == "held")
    assert len({s.clause for s in state.submissions}) >= 3
    assert {m.board for m in state.meetings} == {"bvib", "csib"}
    # membership changes: some capacity had more than one holder over the years
    holders: dict[str, set[str]] = {}
    for ms in state.memberships:
        holders.setdefault(ms.capacity, set()).add(ms.person)
    assert any(len(people) > 1 for people in holders.values())


def test_a_failed_generation_leaves_no_store(tmp_path):
    target = tmp_path / "bad.db"
    with pytest.raises(ValueError, match="at least 1 authority"):
        G.generate(G.Plan(0, 1), target)
    assert not target.exists() and not (tmp_path / "bad.db.partial").exists()


def test_the_template_shifts_every_date_of_the_seed_directions_and_nothing_else():
    bv = next(d for d in SEED if d.id == "bv-2017")
    moved = for_authority(SEED, "council-0009", 100)
    bv_moved = next(d for d in moved if d.id == "bv-2017")
    assert bv_moved.authority == "council-0009" and bv.authority == "tower-hamlets"
    assert (bv_moved.date - bv.date).days == 100
    assert (bv_moved.in_force.until - bv.in_force.until).days == 100
    assert (bv_moved.clauses[0].rule.first.date - bv.clauses[0].rule.first.date).days == 100
    assert bv_moved.clauses[0].text == bv.clauses[0].text and len(moved) == len(SEED)


def test_generated_states_evaluate_and_durable_rules_agrees_with_the_oracle(small_store):
    as_of = calendar.as_of_instant(SMALL.as_of.isoformat())
    statuses: set[str] = set()
    with Store.open(small_store) as store:
        states = store.load_many(store.authorities())
        for i in range(SMALL.authorities):
            key = SMALL.key(i)
            assert states[key] == store.load(key)  # the bulk load reads what the single load reads
            directions = for_authority(SEED, key, SMALL.shift(i))
            by_rete = check(states[key], directions, as_of)  # raises EngineError on any engine fault
            by_oracle = check(states[key], directions, as_of, evaluator=oracle_evaluate)
            assert by_rete.model_dump() == by_oracle.model_dump(), key
            assert len(by_rete.findings) > 50
            statuses |= {f.status for f in by_rete.findings}
    assert {"met", "breached", "met_late", "upcoming"} <= statuses


def test_the_recheck_after_one_submission_equals_a_full_check(small_store, tmp_path):
    path = tmp_path / "copy.db"
    path.write_bytes(small_store.read_bytes())
    key, as_of = SMALL.key(0), calendar.as_of_instant(SMALL.as_of.isoformat())
    directions = for_authority(SEED, key, SMALL.shift(0))
    with Store.open(path) as store:
        before = check(store.load(key), directions, as_of)
        target = next(f for f in before.findings if f.id == f"{key}/dfe-2017.5g/2")
        in_time = calendar.parse_instant(target.due).subtract(days=1)
        sub = Submission(key="new-report", what="a report", clause="dfe-2017.5g", occurrence=2, received=in_time)
        store.write(key, [("submissions", sub)], "test")
        after = recheck_after_submission(store, before, directions, sub.clause, as_of)
        full = check(store.load(key), directions, as_of)
    assert after.model_dump() == full.model_dump()
    now = next(f for f in after.findings if f.id == target.id)
    assert now.status == "met" and "submission:new-report" in now.evidence
    assert "submission:new-report" not in target.evidence


def test_comply_bench_prints_every_figure(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "engine.cli",
            "bench",
            "--sizes",
            "2",
            "--years",
            "1",
            "--no-latency",
            "--work-dir",
            str(tmp_path),
        ],  # fmt: skip
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for label in LABELS:
        assert label in result.stdout, label
    assert "oracle agrees                                      yes" in result.stdout
    assert "re-check equals full check                         yes" in result.stdout
    assert "targets:" in result.stdout and "peak memory" in result.stdout


def test_comply_bench_latency_prints_each_budget_with_its_figure_target_and_verdict(tmp_path):
    """The shape of `comply bench --latency` (one run of each figure, without `comply docs`), not its timings.
    Run from another folder with the default, relative `--work-dir` (bench-work): the desk it serves is the
    store it signed its user into (the served command once resolved the relative path from its own folder)."""
    out = tmp_path / "latency.json"
    result = subprocess.run(
        [sys.executable, "-m", "engine.cli", "bench", "--latency", "--latency-runs", "1", "--no-docs",
         "--import-facts", "1500", "--json", "latency.json"],
        capture_output=True, text=True, cwd=tmp_path, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ") and not line.startswith("| latency")]
    cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
    assert len(cells) == 11 and all(len(c) == 6 for c in cells), result.stdout
    baseline, *budgets = cells
    assert baseline[0].startswith("`python -c pass`") and baseline[3].startswith("1.0x")
    measured = [c for c in budgets if c[1] != "not run" and not c[0].startswith("load floor")]  # floor: a baseline
    assert [c[0] for c in budgets if c[1] == "not run"] == ["`comply docs` (not run: --no-docs, or not a checkout)"]
    for figure, median, runs, _ratio, target, verdict in measured:
        assert re.fullmatch(r"[\d,.]+ (ms|s)( \([\d,.]+ (ms|s)\))?", median), (figure, median)
        assert int(runs) >= 1 and target and verdict in ("met", "missed"), figure
    assert "national" not in result.stdout and "targets:" not in result.stdout  # --latency: the budgets only
    figures = json.loads(out.read_text())
    assert figures["sizes"] == [] and len(figures["latency"]) == 11
    baselines = {b["figure"] for b in figures["latency"] if b["target"] == ""}  # python -c pass, the load floor
    assert len(baselines) == 2
    assert {b["verdict"] for b in figures["latency"] if b["runs"] and b["figure"] not in baselines} <= {"met", "missed"}
    ratios = {b["figure"]: b["ratio"] for b in figures["latency"]}
    assert all(r is not None and r > 0 for f, r in ratios.items() if "comply" in f and "--help" in f)
    floor, imported, again = figures["latency"][-3:]  # the import budget: its floor, the import, the re-import
    assert floor["figure"].startswith("load floor of ") and floor["verdict"] == "" and floor["ratio"] == 1.0
    assert "importing" in imported["figure"] and "again" in again["figure"]
    assert imported["target"] == again["target"] == "10x the load floor"
    assert imported["ratio"] == pytest.approx(imported["wall_s"] / floor["wall_s"])
    facts = int(re.search(r"of ([\d,]+) facts", floor["figure"]).group(1).replace(",", ""))
    assert facts >= 1500  # whole authorities until the number asked for


def test_comply_bench_latency_commands_measures_the_cold_commands_only(tmp_path):
    """`--latency-commands` (for work on a cold start): the baseline and the three cold commands' budgets, with
    their ratios to the baseline of the same run, and nothing else (no report, desk, import or national figures)."""
    result = subprocess.run(
        [sys.executable, "-m", "engine.cli", "bench", "--latency-commands", "--latency-runs", "1",
         "--json", "commands.json"],
        capture_output=True, text=True, cwd=tmp_path, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads((tmp_path / "commands.json").read_text())
    assert figures["sizes"] == []
    assert [b["figure"] for b in figures["latency"]] == [
        "`python -c pass` (the baseline)",
        "cold `comply check --as-of 2017-07-01`, bundled data",
        "`comply --help`",
        "`comply check --help`",
    ]
    base, *commands = figures["latency"]
    assert base["ratio"] == 1.0 and base["verdict"] == ""
    for b in commands:
        assert b["ratio"] == pytest.approx(b["wall_s"] / base["wall_s"]) and b["verdict"] in ("met", "missed")
        assert b["cpu_ratio"] == pytest.approx(b["cpu_s"] / base["cpu_s"])
    assert "national" not in result.stdout and "load floor" not in result.stdout
    assert not (tmp_path / "bench-work" / "latency").exists()  # its folder removed, as a full run removes it


def test_a_latency_command_that_fails_stops_the_measurement_naming_it(tmp_path):
    with pytest.raises(EngineError, match="exited with 3: no good"):
        run_once([sys.executable, "-c", "import sys; sys.stderr.write('no good'); sys.exit(3)"], tmp_path)
    wall, cpu = run_once([sys.executable, "-c", "pass"], tmp_path)
    assert wall > 0 and cpu >= 0


def test_comply_bench_refuses_bad_sizes_cleanly(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "engine.cli", "bench", "--sizes", "ten", "--work-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 2 and "--sizes" in result.stderr and result.stdout == ""


def _dies_once(task: tuple) -> dict:
    """A worker task that kills its own process the first time (as a durable-rules segfault would)."""
    import faulthandler
    import os
    import signal

    marker = Path(task[0])
    if not marker.exists():
        marker.write_text("died once")
        faulthandler.disable()  # pytest's traceback dump of the intended crash is noise here
        os.kill(os.getpid(), signal.SIGSEGV)
    return {"value": task[1]}


def test_a_worker_that_dies_is_noticed_and_its_batch_run_again(tmp_path):
    from engine.operations.bench.run import _pooled

    crashes: list[str] = []
    _, results = _pooled(_dies_once, [(str(tmp_path / "marker"), 1), (str(tmp_path / "other"), 2)], SEED, crashes)
    assert [r["value"] for r in results] == [1, 2]
    assert len(crashes) == 2 and all("the worker died (exit code -11)" in c for c in crashes)
