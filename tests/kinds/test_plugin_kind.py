"""A rule kind kept in one file outside engine/ passes through every layer, loaded through the plug-in
point: validated with the direction files, evaluated by durable-rules and by the oracle (agreeing),
listed by `comply directions`, explained in its findings and described in the living documentation.

The kind is tests/kinds/plugin/annual_return.py; every step runs `comply` in a subprocess, as a user
would, with `COMPLY_KINDS=annual_return` and the plug-in's folder on PYTHONPATH.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO_ROOT

PLUGIN_DIR = Path(__file__).resolve().parent / "plugin"

TOY_DIRECTION = """\
id: toy-2017
title: A direction with an annual return (a plug-in rule kind)
issuer: Secretary of State (a test fixture)
legal_basis: "none: a fixture for the plug-in point"
date: 2017-03-28
in_force: {from: 2017-03-28, until: 2020-12-31}
authority: tower-hamlets
source: {file: tests/kinds/plugin/annual_return.py, section: module docstring}
paragraphs_from: {form: full, source: {file: tests/kinds/plugin/annual_return.py, section: module docstring}}
paragraphs:
  - ref: "1"
    text: Submit an annual return by noon on 31 March each year.
    encoded_by: [annual-return]
clauses:
  - key: annual-return
    title: An annual return to the Secretary of State
    text: Submit an annual return by noon on 31 March each year.
    source: {file: tests/kinds/plugin/annual_return.py, section: module docstring}
    duty_holder: {kind: council, name: London Borough of Tower Hamlets}
    recipient: Secretary of State
    rule:
      kind: annual_return
      month: 3
      day: 31
      time: "12:00"
      reading: each year's return covers the year before
"""


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    directions = tmp_path / "directions"
    directions.mkdir()
    for path in (REPO_ROOT / "directions").glob("*.yaml"):
        shutil.copy(path, directions / path.name)
    (directions / "toy-2017.yaml").write_text(TOY_DIRECTION, encoding="utf-8")
    env = {
        **os.environ,
        "COMPLY_STORE": str(tmp_path / "comply.db"),
        "COMPLY_DIRECTIONS": str(directions),
        "COMPLY_KINDS": "annual_return",
        "PYTHONPATH": os.pathsep.join([str(PLUGIN_DIR), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }
    return tmp_path, env


def comply(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "engine.cli", *args], capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=300
    )


def test_a_plugin_kind_passes_through_every_layer(setup):
    tmp_path, env = setup
    listed = comply(env, "directions")
    assert listed.returncode == 0, listed.stderr
    assert "toy-2017.annual-return" in listed.stdout and "annual_return" in listed.stdout

    assert comply(env, "init", "--demo").returncode == 0
    recorded = comply(
        env, "record", "submission", "--key", "ar-2017", "--what", "Annual return for 2017",
        "--clause", "toy-2017.annual-return", "--occurrence", "1", "--received", "2018-03-30T09:00",
    )  # fmt: skip
    assert recorded.returncode == 0, recorded.stderr

    checked = comply(env, "check", "--as-of", "2019-06-01", "--format", "json", "--cross-check")
    assert checked.returncode in (0, 1), checked.stderr
    findings = {f["id"]: f for f in json.loads(checked.stdout)["findings"]}
    first = findings["tower-hamlets/toy-2017.annual-return/1"]
    assert (first["status"], first["evidence"], first["due"]) == (
        "met",
        ["submission:ar-2017"],
        "2018-03-31T12:00:00+01:00",
    )
    assert (first["kind"], first["occurrence"], first["answered_by"]) == ("annual_return", 1, "submission")
    second = findings["tower-hamlets/toy-2017.annual-return/2"]
    assert (second["status"], second["due"]) == ("unknown", "2019-03-31T12:00:00+01:00")  # records not complete
    assert findings["tower-hamlets/toy-2017.annual-return/3"]["status"] == "upcoming"
    assert "tower-hamlets/toy-2017.annual-return/4" not in findings  # 31 March 2021 is after the direction ends

    explained = comply(env, "explain", "tower-hamlets/toy-2017.annual-return/2", "--as-of", "2019-06-01")
    assert explained.returncode == 0, explained.stderr
    assert "Submit an annual return by noon on 31 March each year." in explained.stdout
    assert "the day of the year the direction gives, in 2019" in explained.stdout
    assert "each year's return covers the year before" in explained.stdout

    results = tmp_path / "results.json"
    results.write_text("[]", encoding="utf-8")
    site = comply(env, "docs", "--out", str(tmp_path / "site"), "--results", str(results))
    assert site.returncode == 0, site.stderr
    page = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").glob("*toy-2017*.html"))
    assert "Annual return: one submission a year" in page
    assert "31 March 2018" in page  # the first computed due date


def test_a_plugin_kind_unknown_without_the_plugin_is_an_error_naming_the_line(setup):
    _, env = setup
    without = {k: v for k, v in env.items() if k != "COMPLY_KINDS"}
    listed = comply(without, "directions")
    assert listed.returncode == 2, listed.stderr
    assert "toy-2017.yaml" in listed.stderr and "line 22, clauses[0].rule.kind" in listed.stderr


def test_a_plugin_that_cannot_be_imported_is_named(setup):
    _, env = setup
    listed = comply({**env, "COMPLY_KINDS": "annual_return,no_such_kind_module"}, "directions")
    assert listed.returncode == 2
    assert "$COMPLY_KINDS: cannot import the rule-kind module 'no_such_kind_module'" in listed.stderr
