"""Spreadsheets as councils keep them (issue 17), imported into a real store and through `comply` in a real process:
merged Area/Action cells, `Apr-17` stored by Excel as 17 April, Excel's byte-order mark, Windows-1252 and semicolons,
each with its right value; a refused file stores nothing."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from helpers import DIRECTIONS, bundled_store, comply

from engine.core import calendar
from engine.core.errors import FileError
from engine.plan.importer import BUNDLED_PLAN, import_plan, load_plan, read_plan
from engine.plan.position import plan_position
from engine.store.importer import import_file
from engine.store.sqlite import Store

HEADER = ["Area", "Action ref", "Action", "Milestone ref", "Activities", "Lead Officer", "Deadline", "Status", "%Comp"]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = bundled_store(tmp_path)
    yield s
    s.close()


def _merged_plan(path: Path) -> Path:
    """A plan as a council keeps it: Area and Action merged over their milestones' rows (A2:A6, B2:B4, C2:C4,
    B5:B6, C5:C6), a blank row closing the area's merge (row 6 holds only merged values), and deadlines typed
    `Apr-17` and `Sep-17` that Excel stored as 17 April and 17 September of 2017, shown `d-mmm`."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["Grants", 13, "Complete commissioning", "13.1", "Tender", "Steve Hill", "Apr-17", "Completed", 100])
    sheet.append([None, None, None, "13.2", "Evaluate", "Steve Hill", dt.datetime(2017, 4, 17), "Delayed", 50])
    sheet.append([None, None, None, "13.3", "Award", "Steve Hill", dt.datetime(2017, 9, 17), "On Target", 20])
    sheet.append([None, 14, "Monitor grants", "14.1", "Report", "Ann Sutcliffe", "01/09/2017", "On Target", 10])
    sheet.append([None] * len(HEADER))
    for cells in ("A2:A6", "B2:B4", "C2:C4", "B5:B6", "C5:C6"):
        sheet.merge_cells(cells)
    sheet.cell(3, 7).number_format = "d-mmm"
    sheet.cell(4, 7).number_format = "d-mmm"
    book.save(path)
    return path


def test_merged_area_and_action_cells_are_carried_down_and_said(store: Store, tmp_path: Path) -> None:
    """Before: "row 3, column area: expected a value, found it blank"."""
    notes: list[str] = []
    assert import_plan(store, _merged_plan(tmp_path / "plan.xlsx"), "tower-hamlets", notes=notes) == (4, 0)
    rows = {r.milestone_ref: r for r in load_plan(store, "tower-hamlets")}
    assert [(r.area, r.action_ref, r.action) for r in rows.values()] == [
        ("Grants", "13", "Complete commissioning"),
        ("Grants", "13", "Complete commissioning"),
        ("Grants", "13", "Complete commissioning"),
        ("Grants", "14", "Monitor grants"),
    ]
    assert notes[:5] == [
        "rows 2-6, column area: merged cell, value carried from row 2",
        "rows 2-4, column action_ref: merged cell, value carried from row 2",
        "rows 2-4, column action: merged cell, value carried from row 2",
        "rows 5-6, column action_ref: merged cell, value carried from row 5",
        "rows 5-6, column action: merged cell, value carried from row 5",
    ]


def test_apr_17_stored_as_17_april_is_the_month_april_2017_and_makes_no_false_contradiction(
    store: Store, tmp_path: Path
) -> None:
    """Before: 17/04/2017, so on 20 May 2017 the reported Delayed milestone 13.2 was "Overdue" by the definitions (a
    month's grace from 17 April ended 17 May); read as April 2017 (grace to 31 May) it is Delayed, as reported."""
    notes: list[str] = []
    import_plan(store, _merged_plan(tmp_path / "plan.xlsx"), "tower-hamlets", notes=notes)
    rows = {r.milestone_ref: r for r in load_plan(store, "tower-hamlets")}
    assert rows["13.2"].deadline_as_written == "Apr-17" and rows["13.2"].deadline.kind == "month"
    assert rows["13.2"].deadline.due == calendar.end_of_day_instant(dt.date(2017, 4, 30))
    assert rows["13.3"].deadline_as_written == "Sep-17"
    assert (
        "row 3, column deadline_as_written: the cell shows 17-Apr (number format 'd-mmm', no year; stored as "
        "17/04/2017): read as Apr-17, the month April 2017, as Excel stores Apr-17 typed in 2017" in notes
    )
    position = plan_position(list(rows.values()), calendar.as_of_instant("2017-05-20"), "tower-hamlets")
    derived = {m.milestone_ref: (m.derived, m.contradiction) for m in position.rows}
    assert derived["13.2"] == ("Delayed", False)
    assert position.contradictions == 0


def _plan_csv(rows: list[list[str]], separator: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(["area", "action_ref", "action", "milestone_ref", "milestone", "lead_officer", "deadline",
                     "status", "%comp"])  # fmt: skip
    writer.writerows(rows)
    return out.getvalue()


PLAN_ROWS = [
    ["Grants", "13", "Commissioning", "13.1", "Tender", "Steve Hill", "Apr-17", "Completed", "100"],
    ["Grants", "13", "Commissioning", "13.2", "Evaluate", "Steve Hill", "May-17", "On Target", "50"],
    ["Grants", "13", "Commissioning – the rest", "13.3", "Award", "Steve Hill", "Sep-17", "On Target", "20"],
]


def test_a_semicolon_plan_from_excel_in_a_european_locale_imports(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes(codecs.BOM_UTF8 + _plan_csv(PLAN_ROWS, ";").encode())
    plan = read_plan(path)
    assert [r.milestone_ref for r in plan.rows] == ["13.1", "13.2", "13.3"]
    assert plan.rows[2].action == "Commissioning – the rest"
    assert plan.notes == [
        'separated by semicolons, as its header row is (Excel\'s "CSV" where the decimal separator is a comma)'
    ]


def test_a_windows_1252_plan_is_refused_by_row_and_column_and_read_with_the_encoding(tmp_path: Path) -> None:
    """The issue's example, through `comply import-plan`: exit 2, one line, the store's plan untouched; then the same
    file with `--encoding cp1252` imports, its dash read as a dash."""
    path = tmp_path / "plan.csv"
    path.write_bytes(_plan_csv(PLAN_ROWS).encode("cp1252"))
    db = tmp_path / "c.db"
    run = comply("import-plan", str(path), "--reported-on", "11/9/2017", store=db)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr == (
        f"error: {path}, row 4 (line 4), column action: byte 0x96 is not UTF-8 (the value reads "
        "'Commissioning – the rest' as Windows-1252); the file looks like Windows-1252 (what Excel on Windows "
        'writes as "CSV"): save it as "CSV UTF-8" or pass --encoding cp1252\n'
    )
    with Store.open(db) as opened:
        assert len(load_plan(opened, "tower-hamlets")) == 115  # the bundled plan, untouched
    run = comply("import-plan", str(path), "--reported-on", "11/9/2017", "--encoding", "cp1252", store=db)
    assert run.returncode == 0, run.stderr
    assert "imported 3 milestones" in run.stdout
    assert run.stderr == "note: read as cp1252 text (--encoding cp1252)\n"
    with Store.open(db) as opened:
        after = load_plan(opened, "tower-hamlets")
    assert [r.action for r in after][-1] == "Commissioning – the rest" and len(after) == 3


def test_the_merged_plan_through_comply_prints_what_it_carried(tmp_path: Path) -> None:
    path = _merged_plan(tmp_path / "plan.xlsx")
    run = comply("import-plan", str(path), "--reported-on", "20/5/2017", store=tmp_path / "c.db")
    assert run.returncode == 0, run.stderr
    notes = run.stderr.splitlines()
    assert notes[0] == "note: rows 2-6, column area: merged cell, value carried from row 2"
    assert any(n.startswith("note: row 3, column deadline_as_written: the cell shows 17-Apr") for n in notes)
    run = comply("import-plan", str(path), "--encoding", "cp1252", store=tmp_path / "c.db")
    assert run.returncode == 2 and "is a workbook, which says its own encoding" in run.stderr


def test_the_bundled_plan_reads_with_no_notes() -> None:
    assert read_plan(BUNDLED_PLAN).notes == []


# --- facts ---

FACTS = "kind,key,name\r\nboards,extra-board,Extra board\r\nboards,second-board,Board – the second\r\n"


@pytest.mark.parametrize(
    "name, data, note",
    [
        ("CSV UTF-8", codecs.BOM_UTF8 + FACTS.encode(), None),
        (
            "CSV UTF-8, semicolons",
            codecs.BOM_UTF8 + FACTS.replace(",", ";").encode(),
            'note: separated by semicolons, as its header row is (Excel\'s "CSV" where the decimal separator is a '
            "comma)",
        ),
        (
            "Unicode Text",
            FACTS.replace(",", "\t").encode("utf-16"),
            'note: read as UTF-16 text: its byte-order mark says so (Excel\'s "Unicode Text")',
        ),
    ],
)
def test_a_facts_file_saved_by_excel_is_imported(
    store: Store, tmp_path: Path, name: str, data: bytes, note: str | None
) -> None:
    """Before: "expected a header row with a `kind` column" although there is one (`kind;key;name` read as one
    column; a plain mark before `kind` is read since issue 13)."""
    path = tmp_path / "facts.csv"
    path.write_bytes(data)
    notes: list[str] = []
    written = import_file(store, path, DIRECTIONS, notes=notes)
    assert written.stored == 2
    assert notes[:1] == ([note.removeprefix("note: ")] if note else [])
    assert notes[1:] == (["separated by tabs, as its header row is"] if name == "Unicode Text" else [])
    names = {b.key: b.name for b in store.load("tower-hamlets").boards}
    assert names["second-board"] == "Board – the second" and names["extra-board"] == "Extra board"


def test_a_windows_1252_facts_file_is_refused_naming_row_and_field_and_stores_nothing(tmp_path: Path) -> None:
    path = tmp_path / "facts.csv"
    path.write_bytes(FACTS.encode("cp1252"))
    db = tmp_path / "c.db"
    run = comply("import", str(path), store=db)
    assert run.returncode == 2
    assert run.stderr.startswith(f"error: {path}, row 3 (line 3), column name: byte 0x96 is not UTF-8")
    with Store.open(db) as opened:
        assert "extra-board" not in {b.key for b in opened.load("tower-hamlets").boards}  # nothing stored
    run = comply("import", str(path), "--encoding", "cp1252", store=db)
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines()[1:] == ["note: read as cp1252 text (--encoding cp1252)"]
    with Store.open(db) as opened:
        names = {b.key: b.name for b in opened.load("tower-hamlets").boards}
    assert names["second-board"] == "Board – the second"


def test_a_facts_header_without_kind_names_what_it_found(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "facts.csv"
    path.write_text("type,key\nboards,b\n", encoding="utf-8")
    with pytest.raises(FileError) as caught:
        import_file(store, path, DIRECTIONS)
    assert str(caught.value) == (
        f"{path}, row 1: expected a header row with a `kind` column, then the fields of each kind; found 'type', 'key'"
    )
