"""A typo never passes silently: an unknown board, clause, person, direction or authority on the command line is
refused naming the option, what was given, the nearest known values and the known ones (or how many, and the
command that lists them); typer's refusal of an option's value says the value given; help never points an
installed user to a docs/ folder they do not have."""

from __future__ import annotations

import re
import sqlite3

import pytest
import typer
from helpers import comply, init_demo

from engine.cli.app import app, load_all_commands


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return init_demo(tmp_path_factory.mktemp("nearest") / "c.db")


def versions(store) -> int:
    with sqlite3.connect(store) as conn:
        return conn.execute("SELECT COUNT(*) FROM fact_versions").fetchone()[0]


MEETING = ["record", "meeting", "--key", "m1", "--starts-at", "3/1/2018 16:00"]
Q3 = ["record", "submission", "--key", "q3", "--what", "Q3", "--received", "3/1/2018", "--occurrence", "3"]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            [*MEETING, "--board", "cisb"],
            "error: --board: no board 'cisb' in the store: did you mean 'csib'? "
            "(known: bv-programme-review-board, bvib, bvib-officers-mayor, cabinet, csib) (nothing was recorded)",
        ),
        (
            [*Q3, "--clause", "bv-2017.quarterly-reprot"],
            "error: --clause: no clause 'bv-2017.quarterly-reprot' in the direction files: did you mean "
            "'bv-2017.quarterly-report'? (40 known: `comply directions` lists them) (nothing was recorded)",
        ),
        (
            [*MEETING, "--board", "csib", "--present", "johnbiggs"],
            "error: --present: no person 'johnbiggs' in the store: did you mean 'john-biggs'? (20 known)",
        ),
        (
            ["record", "direction-status", "--direction", "bv-2071", "--status", "revoked", "--effective", "1/1/2019"],
            "error: --direction: no direction 'bv-2071' in the direction files: did you mean 'bv-2017'? (known: ",
        ),
        (
            [*MEETING, "--board", "csib", "--authority", "tower-hamlet"],
            "--authority: no authority 'tower-hamlet' in the store: did you mean 'tower-hamlets'? "
            "(known: tower-hamlets)",
        ),
        (
            ["check", "--authority", "Tower-Hamlets"],
            "--authority: no authority 'Tower-Hamlets' in the store: did you mean 'tower-hamlets'?",
        ),
    ],
)
def test_an_unknown_value_names_what_was_given_the_nearest_and_the_known_ones(store, args, said):
    before = versions(store)
    run = comply(*args, store=store)
    assert run.returncode == 2 and run.stdout == "", run.stderr
    assert said in run.stderr
    assert versions(store) == before


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["check", "--due-soon-days", "-1"], "Input should be greater than or equal to 0; got '-1'"),
        (["due", "--due-soon-days", "many"], "Input should be a valid integer, unable to parse string as an integer; got 'many'"),
        (["record", "approval", "--key", "a", "--clause", "c", "--by", "b", "--approved-at", "1/1/2018",
          "--occurrence", "10001"], "Input should be less than or equal to 10000; got '10001'"),
    ],
)  # fmt: skip
def test_typers_refusal_of_an_options_value_says_the_value_given(store, args, said):
    run = comply(*args, store=store)
    assert run.returncode == 2 and run.stdout == ""
    assert said in " ".join(re.sub(r"[│╭╮╰╯─]", " ", run.stderr).split()), run.stderr


def _help_texts(cmd, path: str = ""):
    yield path, cmd.help or ""
    yield path, cmd.short_help or ""
    for param in cmd.params:
        yield f"{path} {param.name}", getattr(param, "help", None) or ""
    for name, sub in getattr(cmd, "commands", {}).items():
        yield from _help_texts(sub, f"{path} {name}".strip())


def test_help_names_a_docs_page_only_as_the_source_repositorys():
    """An installed comply has no docs/ folder: help that names a page says it is in the source repository."""
    load_all_commands()
    bare = [
        (path, m.group())
        for path, text in _help_texts(typer.main.get_command(app))
        for m in re.finditer(r"docs/[\w.-]+\.md(?![^;)]*source repository| there)", text)
    ]
    assert bare == []


def test_moderngov_help_points_to_the_source_repositorys_docs(store):
    run = comply("moderngov", "--help", store=store)
    assert run.returncode == 0
    assert "docs/moderngov.md in the source repository" in " ".join(re.sub(r"[│╭╮╰╯─]", " ", run.stdout).split())
