"""The rules engine installed is durable-rules 2.0.28 with our fix, and the evaluations that made
2.0.28 read past its memory run clean.

Why: 2.0.28's short-circuit of a false condition scanned past the end of its expression sequence,
through uninitialised memory and past the node pool; whether the process died depended on what lay
there, so the crash came and went with the build, the imports and the hash seed. The fix is in
.ci/vendor (docs/durable-rules.md). valgrind sees the invalid read on every such evaluation, so it
is the test that does not depend on luck; the hash seeds are the case that found it.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from helpers import COMPLY, REPO_ROOT, init_demo

PATCHED = "2.0.28+comply.1"


def test_the_engine_installed_is_the_patched_one():
    assert importlib.metadata.version("durable-rules") == PATCHED


# the obligation rules over two obligations, one piece of evidence and twenty clock instants: every
# rule has a condition that is false for some of them (found by valgrind on the unpatched engine)
SCRIPT = textwrap.dedent(
    """
    from engine.core.calendar import FOREVER
    from engine.evaluation import rete
    obligations = [
        {"ok": o, "match": k, "opens": 0, "due": 10, "late_until": FOREVER, "certain": 1, "judged": 0, "ends": FOREVER}
        for o, k in (("o1", "a"), ("o2", "b"))
    ]
    evidence = [{"ek": "e1", "match": "a", "earliest": 12, "latest": 12, "until": FOREVER}]
    for now in range(5, 25):
        rete.evaluate(obligations, evidence, {"now": now, "horizon": now + 3, "ends": FOREVER})
    print("evaluated")
    """
)


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind is not installed")
def test_no_evaluation_reads_outside_the_engines_memory(tmp_path):
    script = tmp_path / "evaluate.py"
    script.write_text(SCRIPT, encoding="utf-8")
    done = subprocess.run(
        ["valgrind", "-q", sys.executable, str(script)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONMALLOC": "malloc"},
        cwd=REPO_ROOT,
        timeout=300,
    )
    assert "evaluated" in done.stdout, done.stderr[-2000:]
    assert "Invalid read" not in done.stderr, done.stderr[-4000:]


@pytest.mark.parametrize("seed", ["0", "1", "2", "3"])
def test_the_check_that_found_the_crash_runs_on_several_hash_seeds(tmp_path, seed):
    store = tmp_path / "comply.db"
    init_demo(store)
    env = {**os.environ, "COMPLY_STORE": str(store), "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [*COMPLY, "check", "--as-of", "2017-04-01", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert '"findings"' in done.stdout
