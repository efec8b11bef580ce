"""A fuzz harness for every reading command: mutated direction files, facts YAML and CSV and plan CSV, run through
`comply check`, `comply import` and `comply import-plan` in real processes (issue 13); and plan workbooks (.xlsx)
with typed cells in any number format, read in this process (the reader's property: rows, or an InputError naming
the file, which `comply import-plan` reports as exit 2; and no warning, which would be a second line on stderr).

The property, for any mutation: the exit code is 0 or 2 (or 1 from `check` only: a breach stands); stderr holds no
Python traceback and, on exit 2, one line `error: ...`; a refused import leaves the store as it was (its
fact_versions and plan rows counted); no run takes longer than TIME_LIMIT seconds (a hang is a failure).

Mutations: byte flips, a line duplicated or deleted, and YAML's own hazards (an anchor and alias, an unknown tag,
deep nesting, a repeated key). Bounded so that CI stays fast: MAX_CASES real runs per test (about 4 s each): 5 under the ci profile
(CI's), 1 under the default profile, ten times CI's under heavy (tests/hypothesis_profiles.py):

    HYPOTHESIS_PROFILE=heavy bash .ci/venv pytest tests/test_fuzz_inputs.py -p no:randomly
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from helpers import REPO_ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from engine.cli.shared import BUNDLED_DATA
from engine.core.errors import InputError
from engine.plan.importer import BUNDLED_PLAN, read_plan_file

#: seconds a run may take before it counts as hung
TIME_LIMIT = 60
#: real runs per test: 5 under the ci profile, scaled with the profile (1 by default, 50 under heavy)
MAX_CASES = examples(5)

FACTS_CSV = (
    "kind,key,what,received,clause,occurrence\n"
    + "".join(
        f"submissions,fz-{i},Report {i},{i + 1:02d}/07/2017 10:00,bv-2017.quarterly-report,{i + 1}\n" for i in range(4)
    )
    + 'submissions,fz-q,"A report, with a comma",2017-08-01T10:00,,\n'
)

YAML_HAZARDS = [
    "x: &s [*s]\n",
    "a: &a [1]\nb: *a\n",
    "? [a, b]\n: 1\n",
    "x: !foo bar\n",
    'x: !!timestamp "xx"\n',
    "x: !!python/object/apply:os.system ['true']\n",
    "x: " + "[" * 200 + "]" * 200 + "\n",
    "    - {" * 3 + "\n",
    "made_at: 9999-12-31T12:00\n",
    "occurrence: 100000000000000000000\n",
]


@st.composite
def mutated(draw: st.DrawFn, text: str, yaml_hazards: bool) -> bytes:
    """The text with one to three mutations (see the module docstring)."""
    data = bytearray(text.encode("utf-8"))
    for _ in range(draw(st.integers(1, 3))):
        lines = bytes(data).split(b"\n")
        choice = draw(st.sampled_from(["flip", "duplicate", "delete", "hazard", "repeat-key"]))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if choice == "flip" and data:
            at = draw(st.integers(0, len(data) - 1))
            data[at] = draw(st.sampled_from([0, 0x22, 0x27, 0x3A, 0x2D, 0x5B, 0x26, 0x2A, 0x21, 0xFF, 0x0A, 0x2C]))
            continue
        if choice == "duplicate":
            lines.insert(i, lines[i])
        elif choice == "delete" and len(lines) > 1:
            del lines[i]
        elif choice == "hazard" and yaml_hazards:
            lines.insert(i, draw(st.sampled_from(YAML_HAZARDS)).encode())
        elif choice == "repeat-key":
            top = [line for line in lines if line[:1].isalpha()]
            if top:
                lines.append(draw(st.sampled_from(top)))
        data = bytearray(b"\n".join(lines))
    return bytes(data)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo store (bundled facts and plan), copied for every case."""
    path = tmp_path_factory.mktemp("fuzz") / "template.db"
    made = run("init", "--demo", str(path), store=path)
    assert made.returncode == 0, made.stderr
    return path


def run(*args: str, store: Path, directions: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COMPLY_STORE": str(store)}
    if directions is not None:
        env["COMPLY_DIRECTIONS"] = str(directions)
    try:
        return subprocess.run(
            [sys.executable, "-m", "engine.cli", *args],
            capture_output=True,
            text=True,
            errors="replace",
            env=env,
            cwd=REPO_ROOT,
            timeout=TIME_LIMIT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"comply {' '.join(args)} hung: still running after {TIME_LIMIT} s")


def counts(store: Path) -> tuple[int, int]:
    with sqlite3.connect(store) as conn:
        return (
            conn.execute("SELECT COUNT(*) FROM fact_versions").fetchone()[0],
            conn.execute("SELECT COUNT(*) FROM plan_imports").fetchone()[0],
        )


def holds(done: subprocess.CompletedProcess, allowed: set[int], what: str) -> None:
    assert "Traceback" not in done.stderr, f"{what}: a traceback\n{done.stderr[-3000:]}"
    assert done.returncode in allowed, f"{what}: exit {done.returncode}\n{done.stderr[-3000:]}"
    if done.returncode == 2:  # one line; `import` lists up to ten problems of its rows under it, indented
        first, *more = done.stderr.strip().splitlines()
        assert first.startswith("error: "), f"{what}: no error line\n{done.stderr}"
        assert all(line.startswith("  ") for line in more), f"{what}: more than one error line\n{done.stderr}"


CASE_SETTINGS = settings(
    max_examples=MAX_CASES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@CASE_SETTINGS
@given(data=st.data())
def test_check_with_a_mutated_direction_file(template: Path, tmp_path_factory: pytest.TempPathFactory, data) -> None:
    folder = tmp_path_factory.mktemp("dirs")
    shutil.copytree(REPO_ROOT / "directions", folder, dirs_exist_ok=True)
    name = data.draw(st.sampled_from(sorted(p.name for p in folder.glob("*.yaml"))))
    (folder / name).write_bytes(data.draw(mutated((folder / name).read_text(encoding="utf-8"), yaml_hazards=True)))
    done = run("check", "--as-of", "2017-10-01", store=template, directions=folder)
    holds(done, {0, 1, 2}, f"check with a mutated {name}")


@CASE_SETTINGS
@given(data=st.data())
def test_import_of_mutated_facts(template: Path, tmp_path_factory: pytest.TempPathFactory, data) -> None:
    folder = tmp_path_factory.mktemp("facts")
    store = folder / "c.db"
    shutil.copy(template, store)
    if data.draw(st.booleans()):
        path = folder / "facts.yaml"
        path.write_bytes(data.draw(mutated(BUNDLED_DATA.read_text(encoding="utf-8"), yaml_hazards=True)))
    else:
        path = folder / "facts.csv"
        path.write_bytes(data.draw(mutated(FACTS_CSV, yaml_hazards=False)))
    before = counts(store)
    done = run("import", str(path), store=store)
    holds(done, {0, 2}, f"import of a mutated {path.name}")
    if done.returncode == 2:
        assert counts(store) == before, "a refused import changed the store"


@CASE_SETTINGS
@given(data=st.data())
def test_import_plan_of_a_mutated_plan(template: Path, tmp_path_factory: pytest.TempPathFactory, data) -> None:
    folder = tmp_path_factory.mktemp("plan")
    store = folder / "c.db"
    shutil.copy(template, store)
    path = folder / "plan.csv"
    path.write_bytes(data.draw(mutated(BUNDLED_PLAN.read_text(encoding="utf-8"), yaml_hazards=False)))
    before = counts(store)
    done = run("import-plan", str(path), store=store)
    holds(done, {0, 2}, "import-plan of a mutated plan")
    if done.returncode == 2:
        assert counts(store) == before, "a refused plan import changed the store"


# -- plan workbooks (.xlsx): typed cells, read in this process ----------------------------------------------------------

XLSX_HEADER = [
    "area",
    "action_ref",
    "action",
    "milestone_ref",
    "milestone",
    "lead_officer",
    "deadline_as_written",
    "reported_status",
    "percent_complete",
    "comment",
]
XLSX_ROW = ["Grants", 13, "Commissioning", "13.5", "Mobilisation", "Steve Hill", "Aug-17", "On Target", 20, ""]

cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=30),
    st.sampled_from(["Dec-9999", "Jan-0000", "Dec-99", "31/12/9999", "On-going", "100%", "1e308", "-0", "nan"]),
)
number_formats = st.sampled_from(["General", "mmm-yy", "mmm-yyyy", "dd/mm/yyyy", "0%", "0.00", "@", "yyyy"])


@pytest.mark.filterwarnings("error")  # a warning would be a second line on stderr
@settings(max_examples=settings.default.max_examples, deadline=None)
@given(
    changes=st.lists(
        st.tuples(st.integers(1, 3), st.integers(1, len(XLSX_HEADER)), cell_values, number_formats),
        min_size=1,
        max_size=6,
    )
)
def test_a_plan_workbook_with_any_typed_cells_is_read_or_refused_as_input(
    tmp_path_factory: pytest.TempPathFactory, changes
) -> None:
    """Every cell type a spreadsheet holds (dates up to 31 December 9999, huge numbers, floats, booleans, text) in any
    number format, in the header or a row: read_plan_file returns the rows or raises InputError naming the file
    (exit 2 from `comply import-plan`); never another exception."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (XLSX_HEADER, XLSX_ROW, XLSX_ROW[:3] + ["13.6"] + XLSX_ROW[4:]):
        sheet.append(row)
    for r, c, value, fmt in changes:
        cell = sheet.cell(row=r, column=c)
        try:
            cell.value = value
        except (ValueError, TypeError):  # openpyxl itself refuses it: no workbook holds it
            continue
        cell.number_format = fmt
    path = tmp_path_factory.mktemp("xlsx") / "plan.xlsx"
    try:
        book.save(path)
    except (ValueError, TypeError, OverflowError):  # not writable as a workbook: nothing to read
        return
    try:
        rows = read_plan_file(path)
    except InputError as exc:
        assert str(path) in str(exc), str(exc)
        return
    assert rows and all(r.deadline is not None for r in rows)
