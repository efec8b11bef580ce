"""The scenarios of the continuing duties and approvals (issue 15, item 4) run with the existing step library
against their own instrument and facts (tests/scenarios/continuing/: an illustrative direction to a fictional
council, so that the bundled check is unchanged), as a lawyer's own folders run: in a pytest subprocess with
$COMPLY_DIRECTIONS, $COMPLY_FACTS and $COMPLY_FEATURES (features/README.md)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from engine.directions.model import Direction

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent / "continuing"


def directions_for_this_model(folder: Path) -> Path:
    """The instrument as this checkout's direction model reads it. The file carries the paragraph coverage
    of issue 15, item 10 (`paragraphs_from`, `paragraphs`); until the model knows those fields, a copy
    without them is read."""
    if "paragraphs" in Direction.model_fields:
        return HERE / "directions"
    folder.mkdir()
    for path in (HERE / "directions").glob("*.yaml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc.pop("paragraphs_from", None)
        doc.pop("paragraphs", None)
        (folder / path.name).write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return folder


def test_the_continuing_and_approval_scenarios_pass(tmp_path):
    env = {
        **os.environ,
        "COMPLY_DIRECTIONS": str(directions_for_this_model(tmp_path / "directions")),
        "COMPLY_FACTS": str(HERE / "facts"),
        "COMPLY_FEATURES": str(HERE / "features"),
    }
    # -n 0: not the checkout's `-n auto` (pyproject.toml addopts), which would start xdist workers of its own
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "features/test_features.py", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "-n", "0",
         "-rf", "--no-header"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    out = proc.stdout + proc.stderr
    scenarios = len(re.findall(r"^\s*Scenario:", (HERE / "features" / "nb-2017.feature").read_text(), re.M))
    assert proc.returncode == 0 and f"{scenarios} passed" in out, out[-6000:]
