"""Bad input to every command group gives exit code 2 and one line `error: ...` on stderr naming
the option, file or field at fault, and nothing on stdout (README, "Exit codes").

Run in-process through typer's test runner (the same application and error handler as the
`comply` script; the real-process runs are in the other test files of this folder)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.cli.main import app


@pytest.fixture(scope="module")
def place(tmp_path_factory) -> Path:
    """A folder with a seeded store (c.db), a plain file (afile), a text file posing as a store."""
    folder = tmp_path_factory.mktemp("bad-input")
    result = CliRunner().invoke(app, ["init", "--demo", str(folder / "c.db")])
    assert result.exit_code == 0, result.stderr
    (folder / "afile").write_text("a file, not a folder\n")
    (folder / "text.db").write_text("not a SQLite database, whatever its name says\n" * 4)
    (folder / "bad.toml").write_text("[mail]\nhost = 'x'\n")
    return folder


CASES = {
    # command group: check, explain, due
    "check --as-of": (
        ["check", "--as-of", "the first of July"],
        '--as-of: "the first of July" is not a date this reads',
    ),
    "check --format": (["check", "--format", "xml"], "--format: expected 'table' or 'json'"),
    "check --authority": (["check", "--authority", "nobody"], "no authority 'nobody'"),
    "explain --format": (["explain", "x", "--format", "xml"], "--format: expected 'text' or 'json'"),
    "explain unknown id": (["explain", "tower-hamlets/nothing/1", "--as-of", "2017-07-01"], "no finding"),
    "due --within": (["due", "--within", "soon"], "--within: expected a number of days"),
    "--store not a database": (["--store", "{place}/text.db", "check"], "cannot be opened as a store"),
    "--store a folder": (["--store", "{place}", "check"], "cannot be opened as a store"),
    "--directions missing": (["--directions", "{place}/nowhere", "directions"], "no direction files"),
    # record
    "record --starts-at": (
        ["record", "meeting", "--key", "k", "--board", "csib", "--starts-at", "tomorrow"],
        "--starts-at:",
    ),
    "record --item": (
        ["record", "meeting", "--key", "k", "--board", "csib", "--starts-at", "2017-07-01T10:00", "--item", "x"],
        "--item: expected ITEM@ROLE",
    ),
    "record --received": (["record", "submission", "--key", "k", "--what", "w", "--received", "later"], "--received:"),
    # facts: import, directions
    "import missing file": (["import", "{place}/nope.yaml"], "nope.yaml: cannot read the file"),
    "import a folder": (["import", "{place}"], "expected a .yaml, .yml or .csv file"),
    # docs
    "docs --out a file": (["docs", "--out", "{place}/afile"], "--out: {place}/afile exists and is not a folder"),
    "docs --results missing": (["docs", "--out", "{place}/site", "--results", "{place}/nope.json"], "--results:"),
    # board: report, calendar
    "report --out a folder": (["report", "--out", "{place}"], "--out: {place} is a folder"),
    "calendar --out no folder": (["calendar", "--out", "{place}/nowhere/x.ics"], "--out: the folder"),
    "report --as-of": (["report", "--out", "{place}/r.html", "--as-of", "someday"], "--as-of:"),
    # nightly, history, diff
    "nightly --out a file": (["nightly", "--out", "{place}/afile"], "--out: {place}/afile exists and is not a folder"),
    "nightly --config missing": (
        ["nightly", "--config", "{place}/nope.toml"],
        "--config: {place}/nope.toml does not exist",
    ),
    "nightly --config no [smtp]": (["nightly", "--config", "{place}/bad.toml"], "expected an [smtp] table"),
    "history --format": (["history", "--format", "xml"], "--format: expected 'table' or 'json'"),
    "diff unknown run": (["diff", "1", "2"], "no nightly run #1"),
    "history no store": (["--store", "{place}/none.db", "history"], "no such store"),
    # plan, import-plan
    "plan --format": (["plan", "--format", "xml"], "--format: expected 'table' or 'json'"),
    "plan --chart a folder": (["plan", "--chart", "{place}"], "--chart: {place} is a folder"),
    "plan --as-of": (["plan", "--as-of", "never"], "--as-of:"),
    "import-plan --reported-on": (["import-plan", "{place}/afile", "--reported-on", "soon"], "--reported-on:"),
    "import-plan missing file": (["import-plan", "{place}/nope.csv"], "nope.csv: no such file"),
    # web: serve, user
    "serve without users": (["serve"], "no desk users yet"),
    "user add --role": (["user", "add", "mo", "--role", "boss"], "--role: expected one of viewer, editor"),
    "user add NAME": (["user", "add", "bad name", "--role", "viewer", "--password-stdin"], "NAME: expected"),
    # bench
    "bench --sizes": (["bench", "--sizes", "ten"], "--sizes: expected numbers"),
    "bench --work-dir a file": (["bench", "--sizes", "1", "--work-dir", "{place}/afile"], "--work-dir:"),
    "bench --json no folder": (["bench", "--sizes", "1", "--json", "{place}/nowhere/b.json"], "--json: the folder"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_exit_2_with_one_line_naming_it(place: Path, case: str):
    args, expected = CASES[case]
    args = [a.format(place=place) for a in args]
    if args[0] != "--store":
        args = ["--store", str(place / "c.db"), *args]
    result = CliRunner().invoke(app, args, input="long enough\n")
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and expected.format(place=place) in last, result.stderr
    assert "Traceback" not in result.stderr
