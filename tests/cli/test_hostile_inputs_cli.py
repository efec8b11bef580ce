"""Issue 13's examples of hostile input, each run as a user runs it (a real `comply` process), with its right outcome:
exit 2 and one line `error: ...` naming the file and line, or the option and its range; never a traceback, never
exit 1 (which means "a breach stands"); the store unchanged on refusal; a poisoned store reported, not crashed on,
and mended by `comply withdraw`. The exit-code contract is in docs/command-line.md."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from helpers import REPO_ROOT, comply

BILLION_LAUGHS = "a0: &a0 [lol]\n" + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo store (the bundled data), made once; tests that change it take a copy (`fresh`)."""
    path = tmp_path_factory.mktemp("hostile") / "c.db"
    done = comply("check", "--as-of", "2017-07-01", store=path)
    assert done.returncode in (0, 1), done.stderr
    return path


@pytest.fixture
def fresh(store: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "c.db"
    shutil.copy(store, copy)
    return copy


def versions(store: Path) -> int:
    with sqlite3.connect(store) as conn:
        return conn.execute("SELECT COUNT(*) FROM fact_versions").fetchone()[0]


def one_error_line(done: subprocess.CompletedProcess, *words: str) -> str:
    """The run ended with exit 2 and one line `error: ...` holding every one of words."""
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


DIRECTION_FILES = {
    "recursive alias": ("x: &s [*s]\n", "line 1"),
    "billion laughs": (BILLION_LAUGHS, "line 1"),
    "deep nesting": ("x: " + "[" * 1000 + "]" * 1000 + "\n", "line 1"),
    "non-scalar key": ("? [a, b]\n: 1\n", "a mapping key must be a plain name"),
    "unknown tag": ("x: !foo bar\n", "tag '!foo'"),
    "timestamp tag": ('x: !!timestamp "xx"\n', "tag '!!timestamp'"),
}


@pytest.mark.parametrize("name", DIRECTION_FILES)
def test_check_refuses_a_hostile_direction_file_with_exit_2(store: Path, tmp_path: Path, name: str) -> None:
    text, words = DIRECTION_FILES[name]
    folder = tmp_path / "directions"
    shutil.copytree(REPO_ROOT / "directions", folder)
    (folder / "zz-hostile.yaml").write_text(text)
    done = comply("check", "--as-of", "2017-07-01", store=store, directions=folder)
    one_error_line(done, "zz-hostile.yaml", words)


def test_a_nightly_run_on_nine_levels_of_aliases_fails_at_once_and_frees_its_lock(fresh: Path, tmp_path: Path) -> None:
    """Issue 13: nine levels of YAML aliases hung `nightly` (memory past 2 GB) while it held its lock, so that later
    nights were refused and no failure was mailed. Now the run fails within seconds, exit 2 naming the file, and
    the next night runs."""
    folder = tmp_path / "directions"
    shutil.copytree(REPO_ROOT / "directions", folder)
    (folder / "zz-hostile.yaml").write_text(BILLION_LAUGHS)
    started = time.monotonic()
    done = comply("nightly", "--as-of", "2017-07-01", "--out", str(tmp_path / "out"), store=fresh, directions=folder)
    assert done.returncode == 2 and "zz-hostile.yaml" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert time.monotonic() - started < 60
    (folder / "zz-hostile.yaml").unlink()
    again = comply("nightly", "--as-of", "2017-07-02", "--out", str(tmp_path / "out"), store=fresh, directions=folder)
    assert again.returncode in (0, 1), again.stderr  # not refused by a lock


def test_a_repeated_key_in_a_direction_file_names_both_lines(store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "directions"
    shutil.copytree(REPO_ROOT / "directions", folder)
    bv = folder / "bv-2017.yaml"
    lines = bv.read_text().splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line[:1].isalpha() and ":" in line)
    key = lines[first].split(":")[0]
    bv.write_text("".join(lines) + lines[first])
    done = comply("check", "--as-of", "2017-07-01", store=store, directions=folder)
    one_error_line(
        done, "bv-2017.yaml", f"line {len(lines) + 1}", f"'{key}' is given twice (first on line {first + 1})"
    )


@pytest.mark.parametrize("period", ["{months: 99999999999}", "{days: 100000000000000000000}"])
def test_a_period_beyond_a_hundred_years_in_a_direction_file_is_exit_2(store: Path, tmp_path: Path, period: str):
    folder = tmp_path / "directions"
    shutil.copytree(REPO_ROOT / "directions", folder)
    bv = folder / "bv-2017.yaml"
    text = bv.read_text()
    assert "every: {months: 3}" in text
    bv.write_text(text.replace("every: {months: 3}", f"every: {period}", 1))
    done = comply("check", "--as-of", "2017-07-01", store=store, directions=folder)
    one_error_line(done, "bv-2017.yaml, line", "every")


OPTIONS = {
    "--as-of 9999-12-31": (["check", "--as-of", "9999-12-31"], "--as-of"),
    "--due-soon-days 2932896": (["check", "--as-of", "2017-07-01", "--due-soon-days", "2932896"], "--due-soon-days"),
    "report --due-soon-days": (["report", "--due-soon-days", "99999999999999999999999"], "--due-soon-days"),
    "due --within 99999999d": (["due", "--as-of", "2017-07-01", "--within", "99999999d"], "--within"),
    "due --within 99999999m": (["due", "--as-of", "2017-07-01", "--within", "99999999m"], "--within"),
    "record --occurrence 10^20": (
        ["record", "submission", "--key", "k", "--what", "w", "--received", "2017-07-01T10:00"]
        + ["--clause", "bv-2017.quarterly-report", "--occurrence", str(10**20)],
        "--occurrence",
    ),
}


@pytest.mark.parametrize("name", OPTIONS)
def test_an_out_of_range_option_is_exit_2_naming_it(fresh: Path, name: str) -> None:
    args, option = OPTIONS[name]
    before = versions(fresh)
    done = comply(*args, store=fresh)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert option in done.stderr
    assert versions(fresh) == before


def test_a_store_that_is_not_sqlite_is_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "random.db"
    path.write_bytes(bytes(range(256)) * 64)
    done = comply("check", "--as-of", "2017-07-01", store=path, init=False)
    one_error_line(done, str(path))


FACT_FILES = {
    "two submissions lists": (
        "facts.yaml",
        "submissions:\n  - {key: a1, what: w, received: 2017-07-01T10:00}\n"
        "submissions:\n  - {key: a2, what: w, received: 2017-07-02T10:00}\n",
        ["facts.yaml, line 3", "'submissions' is given twice (first on line 1)"],
    ),
    "alias in facts": ("facts.yaml", "requests:\n  - &r {key: r1, type: access, made_at: 2017-07-01T10:00}\n", ["&r"]),
    "year 9999 request": (
        "facts.yaml",
        "requests: [{key: far, type: access, made_at: 9999-12-31T12:00}]\n",
        ["facts.yaml", "made_at"],
    ),
    "unterminated quote in CSV": (
        "facts.csv",
        "kind,key,what,received\n"
        + "".join(f"submission,s{i},what {i},2017-07-{i + 1:02d}T10:00\n" for i in range(11)).replace(
            "what 3", '"what 3'
        ),
        ["facts.csv, row 5", "never closed"],
    ),
    "too many fields in CSV": (
        "facts.csv",
        "kind,key,what,received\nsubmission,s1,w,2017-07-01T10:00,extra\n",
        ["facts.csv, row 2", "5 values, more than the header's 4"],
    ),
}


@pytest.mark.parametrize("name", FACT_FILES)
def test_import_refuses_a_hostile_facts_file_and_stores_nothing(fresh: Path, tmp_path: Path, name: str) -> None:
    file_name, text, words = FACT_FILES[name]
    path = tmp_path / file_name
    path.write_text(text)
    before = versions(fresh)
    done = comply("import", str(path), store=fresh)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr, (word, done.stderr)
    assert versions(fresh) == before


@pytest.mark.parametrize("deadline", ["Dec-9999", "Jan-0000", "01/01/9999"])
def test_import_plan_refuses_a_deadline_year_out_of_range(fresh: Path, tmp_path: Path, deadline: str) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "area,action_ref,action,milestone_ref,milestone,lead_officer,deadline_as_written,reported_status,"
        f"percent_complete\nElections,1,Plan,1.1,Meet,Will Tuckley,{deadline},On Target,20\n"
    )
    done = comply("import-plan", str(path), store=fresh)
    one_error_line(done, "plan.csv: row 2, column deadline_as_written", "outside 1900-2200")


def poison(store: Path) -> str:
    """Write, with raw SQL, a request made in the year 9999 (which no comply command stores any more)."""
    body = {"key": "far", "type": "access", "made_at": "9999-12-31T12:00:00+00:00"}
    with sqlite3.connect(store) as conn:
        conn.execute(
            "INSERT INTO fact_versions (authority, kind, fact_id, version, recorded_at, recorded_by, operation, body) "
            "VALUES ('tower-hamlets', 'requests', 'request:far', 1, '2026-11-30T12:00:00+00:00', 'a test', "
            "'assert', ?)",
            (json.dumps(body),),
        )
    return "request:far"


def test_a_poisoned_store_is_reported_and_withdraw_mends_it(fresh: Path, tmp_path: Path) -> None:
    fid = poison(fresh)
    for args in (
        ["check", "--as-of", "2017-07-01"],
        ["explain", "tower-hamlets/bv-2017.quarterly-report/1", "--as-of", "2017-07-01"],
        ["report", "--as-of", "2017-07-01", "--out", str(tmp_path / "r.html")],
        ["calendar", "--as-of", "2017-07-01", "--out", str(tmp_path / "c.ics")],
    ):
        done = comply(*args, store=fresh)
        one_error_line(done, fid, "comply withdraw request:far")
    done = comply("nightly", "--as-of", "2017-07-01", "--out", str(tmp_path / "out"), store=fresh)
    assert done.returncode == 2, done.stderr
    assert fid in done.stderr and "Traceback" not in done.stderr
    withdrawn = comply("withdraw", fid, "--reason", "a year-9999 date typed by mistake", store=fresh)
    assert withdrawn.returncode == 0, withdrawn.stderr
    assert comply("check", "--as-of", "2017-07-01", store=fresh).returncode in (0, 1)
