"""A run that stops is noticed: `comply nightly --check-last HOURS` exits 2 with one line naming the
last completed run and its age when it is older than HOURS (or none has completed), 0 otherwise."""

from __future__ import annotations

from pathlib import Path

import pendulum
from helpers import comply, init_demo

from engine.core import clock
from engine.store import runs
from engine.store.sqlite import Store


def completed_run(store: Path, hours_ago: float) -> int:
    """A completed run (no findings) that ended `hours_ago` hours before now, by the store's own functions."""
    then = pendulum.now("UTC").subtract(seconds=int(hours_ago * 3600))
    with Store.open(store) as s, clock.frozen(then):
        run = runs.start(s, "2017-07-01T00:00:00+01:00", f"2017-07-{len(runs.history(s)) + 1:02d}", 30, "t", {})
        runs.complete(s, run, [], None)
    return run


def test_no_completed_run_is_reported(tmp_path: Path) -> None:
    store = init_demo(tmp_path / "comply.db")
    done = comply("nightly", "--check-last", "24", store=store, init=False)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "no nightly run has completed" in done.stderr, done.stderr


def test_a_stale_last_run_exits_2_naming_it_and_its_age_and_a_fresh_one_exits_0(tmp_path: Path) -> None:
    store = init_demo(tmp_path / "comply.db")
    old = completed_run(store, 30)
    done = comply("nightly", "--check-last", "24", store=store, init=False)
    assert done.returncode == 2, done.stderr
    line = done.stderr.strip()
    assert "\n" not in line and line.startswith("error: ")
    assert f"#{old} as of 2017-07-01" in line and "30.0 hours ago" in line and "within 24 hours" in line, line
    assert comply("nightly", "--check-last", "31", store=store, init=False).returncode == 0
    # a newer run that failed is named too: that is why nothing completed
    with Store.open(store) as s:
        failed = runs.start(s, "2017-07-02T00:00:00+01:00", "2017-07-02", 30, "t", {})
        runs.fail(s, failed, "EngineError: the rules engine refused")
    line = comply("nightly", "--check-last", "24", store=store, init=False).stderr
    assert f"the newest run, #{failed} as of 2017-07-02, is failed: EngineError: the rules engine refused" in line
    # a real run completes: fresh again
    ran = comply("nightly", "--as-of", "2017-07-01", "--out", str(tmp_path / "out"), store=store, init=False)
    assert ran.returncode in (0, 1), ran.stderr
    fresh = comply("nightly", "--check-last", "1", store=store, init=False)
    assert fresh.returncode == 0, fresh.stderr
    assert "within 1 hours" in fresh.stdout and "0.0 hours ago" in fresh.stdout


def test_check_last_refuses_a_bad_number_of_hours(tmp_path: Path) -> None:
    store = init_demo(tmp_path / "comply.db")
    for bad in ("-1", "soon", "1e9"):
        done = comply("nightly", "--check-last", bad, store=store, init=False)
        assert done.returncode == 2, (bad, done.stderr)
        assert "--check-last" in done.stderr
