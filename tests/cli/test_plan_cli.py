"""`comply plan`, `comply import-plan` and the plan line of `comply check`, run as real processes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from helpers import comply

from engine.cli.shared import BUNDLED_DATA
from engine.plan.importer import BUNDLED_PLAN


def test_init_demo_loads_the_bundled_plan_and_reading_it_never_writes(tmp_path: Path) -> None:
    store = tmp_path / "c.db"
    made = comply("init", "--demo", str(store), store=store)
    assert made.returncode == 0 and "101 facts, 115 plan milestones" in made.stderr, made.stderr
    before = store.read_bytes()
    run = comply("plan", "--as-of", "2017-09-11", "--format", "json", store=store)
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    assert doc["as_of"] == "2017-09-11T00:00:00+01:00" and doc["milestones"] == 115
    assert doc["contradictions"] == 20
    steve = doc["contradictions_by_officer"]["Steve Hill / Emily Fieran-Reed"]
    assert [(c["milestone_ref"], c["reported"], c["derived"]) for c in steve] == [
        ("13.2", "On Target", "Overdue"),
        ("13.3", "Delayed", "Overdue"),
    ]
    again = comply("plan", "--as-of", "2017-09-11", store=store)
    assert "20 reported statuses contradict" in again.stdout
    assert store.read_bytes() == before  # no reading command writes to the store


def test_a_store_without_a_plan_is_never_given_the_bundled_one(tmp_path: Path) -> None:
    """Only `init --demo` imports the bundled plan: a store made from the facts alone has none,
    whatever its authority is called, and `comply plan` says how to import one."""
    store = tmp_path / "c.db"
    assert comply("init", str(store), store=store).returncode == 0
    facts = comply("import", str(BUNDLED_DATA), store=store)
    assert facts.returncode == 0, facts.stderr
    check = comply("check", "--as-of", "2017-07-01", store=store)
    assert check.returncode == 0 and "Improvement plan" not in check.stdout
    plan = comply("plan", store=store)
    assert plan.returncode == 2 and "no improvement plan imported for 'tower-hamlets'" in plan.stderr


def test_plan_table_groups_contradictions_by_officer_and_writes_the_chart(tmp_path: Path) -> None:
    chart = tmp_path / "chart.svg"
    run = comply("plan", "--as-of", "2017-09-11", "--explain", "--chart", str(chart), store=tmp_path / "c.db")
    assert run.returncode == 0, run.stderr
    assert "Heather Daley: 6 contradiction(s)" in run.stdout
    assert "Organisational Culture" in run.stdout and "Whole plan" in run.stdout
    assert "reported: On Target; derived: Overdue" in run.stdout  # --explain
    svg = ET.parse(chart).getroot()
    assert svg.tag.endswith("svg")
    text = chart.read_text(encoding="utf-8")
    for area in ("Elections", "Communications", "Property", "Grants", "Organisational Culture"):
        assert area in text


def test_import_plan_replaces_and_bad_files_exit_2_naming_row_and_column(tmp_path: Path) -> None:
    store = tmp_path / "c.db"
    first = comply("import-plan", str(BUNDLED_PLAN), store=store)
    assert first.returncode == 0, first.stderr
    assert "imported 115 milestones into the plan of tower-hamlets" in first.stdout
    second = comply("import-plan", str(BUNDLED_PLAN), store=store)
    assert "replacing the previous plan (115 milestones)" in second.stdout
    bad = tmp_path / "bad.csv"
    lines = BUNDLED_PLAN.read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join(lines[:3] + [lines[3].replace(",On Target,", ",Amber,", 1)]) + "\n", encoding="utf-8")
    run = comply("import-plan", str(bad), store=store)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith(f"error: {bad}: row 4, column reported_status: expected one of")
    assert len(run.stderr.strip().splitlines()) == 1
    after = json.loads(comply("plan", "--as-of", "2017-09-11", "--format", "json", store=store).stdout)
    assert after["milestones"] == 115  # untouched


def test_check_adds_one_plan_line_to_its_table_and_keeps_its_json(tmp_path: Path) -> None:
    store = tmp_path / "c.db"
    table = comply("check", "--as-of", "2017-09-11", store=store)
    assert table.returncode in (0, 1), table.stderr
    assert "Improvement plan (115 milestones)" in table.stdout and "20 reported statuses contradict" in table.stdout
    assert "Details: comply plan" in " ".join(table.stdout.split())  # wherever the line folds
    # the plan is judged as of the day its statuses were reported, whatever check's --as-of date
    later = comply("check", "--as-of", "2018-01-15", store=store)
    assert (
        "as of midnight at the start of 11 September 2017" in later.stdout
        and "20 reported statuses contradict" in later.stdout
    )
    doc = json.loads(comply("check", "--as-of", "2017-09-11", "--format", "json", store=store).stdout)
    assert set(doc) == {"as_of", "authority", "authority_name", "due_soon_days", "directions", "counts", "findings"}


def test_bad_options_exit_2(tmp_path: Path) -> None:
    run = comply("plan", "--as-of", "someday", store=tmp_path / "c.db")
    assert run.returncode == 2 and "--as-of" in run.stderr
    run = comply("plan", "--format", "xml", store=tmp_path / "c.db")
    assert run.returncode == 2 and "--format" in run.stderr


def test_the_plan_is_judged_as_of_the_day_its_statuses_were_reported(tmp_path: Path) -> None:
    """The bundled statuses describe 11 September 2017: `comply plan` judges them as of that day
    unless told otherwise, and then says that the figures are of another day."""
    store = tmp_path / "c.db"
    default = comply("plan", "--format", "json", store=store)
    assert default.returncode == 0, default.stderr
    assert json.loads(default.stdout)["as_of"].startswith("2017-09-11T00:00:00")
    other = comply("plan", "--as-of", "2017-12-01", store=store)
    said = " ".join(other.stderr.split())  # the terminal may wrap a long line
    assert "reported on 11 September 2017" in said and "judged here as of" in said
    imported = comply("import-plan", str(BUNDLED_PLAN), "--reported-on", "2017-12-01", store=store)
    assert imported.returncode == 0 and "reported on 1 December 2017" in " ".join(imported.stdout.split()), (
        imported.stderr
    )
    assert json.loads(comply("plan", "--format", "json", store=store).stdout)["as_of"].startswith("2017-12-01")
    bad = comply("import-plan", str(BUNDLED_PLAN), "--reported-on", "December", store=store)
    assert bad.returncode == 2 and "--reported-on" in bad.stderr


def test_the_plan_s_own_words_print_as_written_not_as_terminal_markup() -> None:
    """A milestone "[draft]" or a lead officer "[bold]Bob[/x]" is text from a spreadsheet: printed
    as written, never read as Rich markup (which dropped words or failed)."""
    from rich.console import Console

    from engine.cli.plan import contradictions_table, position_table
    from engine.core import calendar
    from engine.plan.importer import read_plan_file
    from engine.plan.position import plan_position

    rows = read_plan_file(BUNDLED_PLAN)
    odd = rows[0].model_copy(
        update={
            "milestone": "Publish [draft] report",
            "lead_officer": "[bold]Bob[/x]",
            "area": "Area [draft]",
            "percent_complete": 10,
            "reported_status": "Completed",
        }
    )
    position = plan_position([odd], calendar.as_of_instant("2017-09-11"), "tower-hamlets")
    console = Console(record=True, width=200)
    console.print(position_table(position))
    for officer, contradicted in position.contradictions_by_officer.items():
        console.print(contradictions_table(officer, contradicted))
    text = console.export_text()
    assert "Area [draft]" in text and "Publish [draft] report" in text and "[bold]Bob[/x]" in text
