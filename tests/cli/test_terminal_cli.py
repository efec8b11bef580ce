"""The command line at the widths officers' terminals have (issue 17): one line per finding, no line
wider than the terminal, references that `comply explain` accepts as printed, `--wide`, $COLUMNS
when piped, help text without `<bool>` or braces, and progress on stderr only when wanted."""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess

import pytest
import typer
from helpers import COMPLY, DIRECTIONS, bundled, comply, report, store_from
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples
from rich.console import Console
from typer.testing import CliRunner

from engine.cli.app import REPO_ROOT, tidy_help
from engine.cli.main import app
from engine.core import calendar
from engine.evaluation.check import check
from engine.outputs.terminal import MIN_REF, by_status, finding_lines, line_reference, reference, resolve

#: a printed finding line: status, due date, reference, title, separated by two spaces or more
LINE = re.compile(r"^(breached|unknown|due soon|open|met late|met|upcoming|lapsed)\s{2,}(.+?)\s{2,}(\S+)(\s{2,}.*)?$")


def references(text: str) -> list[str]:
    """The reference of every finding line of `check` or `due` output, as a user would copy it."""
    return [m.group(3) for line in text.splitlines() if (m := LINE.match(line))]


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory):
    """The bundled data's findings as of 1 December 2017 (56 dated findings and more)."""
    return report(bundled(), tmp_path_factory.mktemp("terminal"), "2017-12-01")


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(width=st.integers(min_value=60, max_value=200), one=st.booleans())
def test_no_line_is_wider_than_the_terminal_and_every_reference_round_trips(demo_report, width, one):
    """For any width from 60 to 200: one line per finding, none wider than the width, and the
    reference printed on each line names that finding, and only it, when given back to `resolve`
    (what `comply explain` does with its argument)."""
    findings = by_status(demo_report.findings)
    console = Console(width=width, record=True, file=open(os.devnull, "w"), color_system=None)
    for line in finding_lines(findings, width, one):
        console.print(line)
    printed = console.export_text().splitlines()
    assert len(printed) == len(findings)
    assert max(len(line) for line in printed) <= width
    refs = references("\n".join(printed))
    assert len(refs) == len(findings)
    for f, ref in zip(findings, refs):
        assert resolve(ref, demo_report.findings) == [f], (width, ref, f.id)
        assert len(ref) >= MIN_REF or ref in (f.id, f.id.split("/", 1)[1])


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(width=st.integers(min_value=40, max_value=200), one=st.booleans(), data=st.data())
def test_a_findings_reference_is_the_same_whatever_else_is_listed(demo_report, width, one, data):
    """`check` and `due` list different findings beside a finding (`due` only what is coming, with
    shorter due dates); each prints the same reference for it at the same width: `line_reference`,
    of the id, the width and `one` alone. Before, `check` printed `monitoring-visits/1~2edd280` where
    `due` printed the whole id (fails before: the reference's room followed the longest due date listed)."""
    findings = by_status(demo_report.findings)
    picked = data.draw(st.lists(st.sampled_from(findings), min_size=1, max_size=12, unique_by=lambda f: f.id))
    for f, line in zip(picked, finding_lines(picked, width, one)):
        assert references(line.plain) == [line_reference(f.id, width, one)], (width, f.id, line.plain)
    alone = {f.id: references(finding_lines([f], width, one)[0].plain) for f in picked}
    every = dict(zip((f.id for f in findings), (references(x.plain) for x in finding_lines(findings, width, one))))
    assert all(alone[fid] == every[fid] for fid in alone)


def test_a_meeting_with_no_recorded_time_is_due_on_its_day_with_time_not_recorded(demo_report):
    """The CSIB meeting of 12 June 2017 is recorded with its day only (`time_known: false`): its duties'
    due instant stays the start of that day (the JSON's `due`), said '12 June 2017 (time not recorded)'
    in `check`, `due` and `explain` alike, never 'midnight at the start of 12 June 2017' (fails before)."""
    day_only = [f for f in demo_report.findings if f.id.endswith("/csib-2017-06-12")]
    assert day_only and all(not f.due_time_known for f in day_only)
    assert {f.due for f in day_only} == {"2017-06-12T00:00:00+01:00"}  # the instant is unchanged
    text = "\n".join(line.plain for line in finding_lines(by_status(demo_report.findings), 120, True))
    assert "12 June 2017 (time not recorded)" in text and "midnight" not in text
    assert {f.due_words() for f in day_only} == {"12 June 2017 (time not recorded)"}
    timed = [f for f in demo_report.findings if f.due_time_known and f.open_since is None]
    assert timed and not any("time not recorded" in f.due_words() for f in timed)


def test_a_reference_is_the_id_without_its_authority_else_shortened_stably():
    """`bv-2017.quarterly-report/3` whole when it fits; a long id shortened to its clause's own name
    and seven digits of its SHA-256, the same whatever the other findings; the whole id with
    several authorities."""
    long_id = "tower-hamlets/bvib-tor.membership/bvib-2017-06-14:role:cabinet-member-education-childrens-services"
    assert reference("tower-hamlets/bv-2017.quarterly-report/3", True, 40) == "bv-2017.quarterly-report/3"
    assert reference("tower-hamlets/bv-2017.quarterly-report/3", False) == "tower-hamlets/bv-2017.quarterly-report/3"
    short = reference(long_id, True, 30)
    assert len(short) == 30 and short.startswith("membership/bvib-2017-0") and re.search(r"~[0-9a-f]{7}$", short)
    assert reference(long_id, True, 30) == short  # stable: depends on the id alone
    assert not reference(long_id, True, 1).startswith("~")  # never tilde-expanded by a shell


def test_the_due_date_is_in_govuk_words(demo_report):
    """The examples of the issue: 10am on 30 December 2017 for the Q3 report, a whole-day deadline as
    its day alone."""
    text = "\n".join(str(line) for line in finding_lines(by_status(demo_report.findings), 120, True))
    assert re.search(r"^due soon\s+10am on 30 December 2017\s+bv-2017\.quarterly-report/3\s", text, re.M)
    assert re.search(r"^upcoming\s+31 December 2017\s+csib-tor\.report-to-cabinet/2\s", text, re.M)


def test_check_prints_one_line_per_finding_at_80_columns_and_explain_accepts_what_it_prints(tmp_path):
    """`COLUMNS=80 comply check | ...`: every line at most 80 columns, one per finding; references
    copied from the output (whole and shortened) explain their finding."""
    store = tmp_path / "c.db"
    env = {**os.environ, "COMPLY_STORE": str(store), "COLUMNS": "80"}
    comply("init", "--demo", str(store), store=store)
    run = subprocess.run([*COMPLY, "check", "--as-of", "1/12/2017"], capture_output=True, text=True, env=env,
                         cwd=REPO_ROOT, timeout=300)  # fmt: skip
    assert run.returncode == 0, run.stderr
    doc = json.loads(comply("check", "--as-of", "1/12/2017", "--format", "json", store=store).stdout)
    lines = run.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    refs = references(run.stdout)
    assert len(refs) == len(doc["findings"]) == 117
    # 181 lines for 56 findings before (a table of folded cells); now the findings, the authority and
    # the as-of instant in words, the counts, the instruments read as in force until revoked, the explain
    # hint and the plan
    assert len(lines) <= len(doc["findings"]) + 11  # the plan's line folds once more: its as-of in words
    assert "In force until revoked (no end date): access-to-information, csib-tor, dfe-2017." in lines
    assert lines[0] == "London Borough of Tower Hamlets as of midnight at the start of 1 December 2017:"
    shortened = next(r for r in refs if "~" in r)
    whole = next(r for r in refs if "~" not in r)  # an id without its authority, whole (dfe-2017.5g/1)
    for ref in (shortened, whole):
        explained = subprocess.run([*COMPLY, "explain", ref, "--as-of", "1/12/2017", "--format", "json"],
                                   capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=300)  # fmt: skip
        assert explained.returncode == 0, explained.stderr
        assert json.loads(explained.stdout)["id"] in {f["id"] for f in doc["findings"]}
    assert json.loads(explained.stdout)["id"] == f"tower-hamlets/{whole}"


def test_piped_output_is_100_columns_unless_columns_says_and_wide_prints_whole_ids(tmp_path):
    store = tmp_path / "c.db"
    comply("init", "--demo", str(store), store=store)
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"} | {"COMPLY_STORE": str(store)}

    def due(*args: str, **extra: str) -> str:
        run = subprocess.run([*COMPLY, "due", "--as-of", "1/12/2017", *args], capture_output=True, text=True,
                             env=env | extra, cwd=REPO_ROOT, timeout=300)  # fmt: skip
        assert run.returncode == 0, run.stderr
        return run.stdout

    default = due()
    assert max(len(line) for line in default.splitlines()) <= 100
    assert max(len(line) for line in due(COLUMNS="120").splitlines()) > 100  # the titles get the room
    wide = due("--wide")
    assert "tower-hamlets/bvib-tor.agenda-forward-plan/bvib-2017-12-18" in wide  # whole, on one line
    assert "finding id" in wide


@functools.cache
def _help_pages() -> tuple[tuple[str, str], ...]:
    """Every command's help at 80 columns: (command path, text). Made once for the tests below that read it (about
    50 pages; the text depends on the app alone)."""
    command = typer.main.get_command(app)
    ctx = typer.Context(command)
    tidy_help(command, ctx)
    paths = [[]]
    for name in command.list_commands(ctx):  # every command, its module imported if it was not yet
        sub = command.get_command(ctx, name)
        paths.append([name])
        paths.extend([name, inner] for inner in getattr(sub, "commands", {}))
    runner = CliRunner()
    pages = []
    for path in paths:
        result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "80", "TERMINAL_WIDTH": "80"})
        assert result.exit_code == 0, (path, result.output)
        pages.append((" ".join(path) or "comply", result.output))
    return tuple(pages)


def test_every_help_page_fits_80_columns_without_bool_noise_or_braces():
    pages = _help_pages()
    assert len(pages) > 40  # every command and sub-command
    for path, text in pages:
        for line in text.splitlines():
            assert len(line) <= 80, (path, line)
        assert "<bool>" not in text and "{" not in text, path
        assert "<str>" not in text and "<path>" not in text, path


def test_the_list_of_commands_gives_each_one_line_in_words():
    text = dict(_help_pages())["comply"]
    assert "│ check          Show the compliance position on a date: one line a duty." in text
    assert "│ explain        Explain one finding: the clause, its due date, the facts." in text


def test_progress_goes_to_stderr_only_when_wanted_and_never_changes_stdout(tmp_path):
    """`comply import` (and docs, bench, nightly, import-plan) draw a progress bar on stderr when it is
    a terminal or $COMPLY_PROGRESS=always; piped, stderr holds only the result line; stdout is the
    same either way."""
    runs = {}
    for mode in ("always", "auto"):
        store = tmp_path / f"{mode}.db"
        comply("init", str(store), store=store)
        env = {**os.environ, "COMPLY_STORE": str(store), "COMPLY_PROGRESS": mode}
        runs[mode] = subprocess.run([*COMPLY, "import", str(REPO_ROOT / "engine/store/data/tower-hamlets-2017.yaml")],
                                    capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=300)  # fmt: skip
        assert runs[mode].returncode == 0, runs[mode].stderr
    assert runs["always"].stdout == runs["auto"].stdout == ""
    assert "Importing tower-hamlets-2017.yaml" in runs["always"].stderr and "\x1b[" in runs["always"].stderr
    assert runs["auto"].stderr.startswith("imported 101 facts") and "\x1b[" not in runs["auto"].stderr
    assert runs["always"].stderr.endswith(
        runs["auto"].stderr.replace(str(tmp_path / "auto.db"), str(tmp_path / "always.db"))
    )
    env = {**os.environ, "COMPLY_STORE": str(tmp_path / "always.db"), "COMPLY_PROGRESS": "sometimes"}
    refused = subprocess.run([*COMPLY, "import", "x.yaml"], capture_output=True, text=True, env=env, cwd=REPO_ROOT,
                             timeout=300)  # fmt: skip
    assert refused.returncode == 2 and "$COMPLY_PROGRESS: expected always, never or auto" in refused.stderr


@pytest.fixture(scope="module")
def demo_state(tmp_path_factory):
    with store_from(bundled(), tmp_path_factory.mktemp("reach")) as store:
        return store.load("tower-hamlets")


@settings(max_examples=examples(12), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.integers(min_value=0, max_value=600), reach=st.integers(min_value=0, max_value=900))
def test_due_and_check_give_the_same_status_whatever_the_window(demo_state, day, reach):
    """`due --within N` unrolls schedules N days ahead (check's reach_days) and lists more upcoming
    duties; no finding changes status, so `due` never calls due_soon what `check` calls upcoming at
    the same instant (the cause was `due` evaluating with its window as the warning window)."""
    as_of = calendar.as_of_instant("2017-04-01").add(days=day)
    plain = {f.id: f.status for f in check(demo_state, DIRECTIONS, as_of, 30).findings}
    reached = {f.id: f.status for f in check(demo_state, DIRECTIONS, as_of, 30, reach_days=reach).findings}
    assert set(plain) <= set(reached)
    assert {k: reached[k] for k in plain} == plain
