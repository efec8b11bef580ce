"""Importing a plan (CSV and .xlsx) into a real SQLite store: all of it, or nothing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from helpers import bundled_store

from engine.plan.importer import BUNDLED_PLAN, import_plan, load_plan, read_plan_file
from engine.store.sqlite import Store, StoreError

HEADER = [
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


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = bundled_store(tmp_path)
    yield s
    s.close()


def _plan_rows(store: Store) -> list[tuple]:
    return [tuple(r) for r in store.conn.execute("SELECT * FROM plan_rows ORDER BY authority, position")]


def test_the_whole_bundled_table_is_imported(store: Store) -> None:
    count, replaced = import_plan(store, BUNDLED_PLAN, "tower-hamlets")
    assert (count, replaced) == (115, 0)
    rows = load_plan(store, "tower-hamlets")
    assert rows == read_plan_file(BUNDLED_PLAN)
    assert len({r.action_ref for r in rows}) == 26
    assert store.conn.execute("SELECT COUNT(*) FROM plan_rows").fetchone()[0] == 115
    blank = [r for r in rows if r.percent_complete is None]
    assert [r.milestone_ref for r in blank] == ["22.2"]  # kept blank, as the seed has it


def test_importing_again_replaces_the_plan_in_one_transaction(store: Store, tmp_path: Path) -> None:
    import_plan(store, BUNDLED_PLAN, "tower-hamlets")
    smaller = tmp_path / "smaller.csv"
    lines = BUNDLED_PLAN.read_text(encoding="utf-8").splitlines()
    smaller.write_text("\n".join(lines[:11]) + "\n", encoding="utf-8")
    assert import_plan(store, smaller, "tower-hamlets") == (10, 115)
    assert len(load_plan(store, "tower-hamlets")) == 10
    assert [r[0] for r in store.conn.execute("SELECT row_count FROM plan_imports ORDER BY import_id")] == [115, 10]


def _write_xlsx(path: Path, rows: list[list], formats: dict[tuple[int, int], str] | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Plan"
    for row in rows:
        sheet.append(row)
    for (r, c), fmt in (formats or {}).items():
        sheet.cell(row=r, column=c).number_format = fmt
    book.save(path)
    return path


def test_an_xlsx_plan_imports_like_the_csv(store: Store, tmp_path: Path) -> None:
    """The council's own headings, a deadline a spreadsheet turned into a date, a percentage cell."""
    header = [
        "Area",
        "Action ref",
        "Action",
        "Milestone ref",
        "Activities",
        "Lead Officer",
        "Deadline",
        "Status",
        "%Comp",
        "Comments",
    ]
    path = _write_xlsx(
        tmp_path / "plan.xlsx",
        [
            header,
            [
                "Grants",
                13,
                "Complete commissioning",
                "13.2",
                "Tender evaluation",
                "Steve Hill",
                "May-17",
                "On Target",
                0.8,
                "Interviews have been completed",
            ],
            [
                "Grants",
                13,
                "Complete commissioning",
                "13.5",
                "Mobilisation",
                "Steve Hill",
                dt.datetime(2017, 8, 1),
                "delayed",
                "63%",
                None,
            ],
            [None] * 10,
            ["Elections", 1, "Planning", "1.1", "Joint working", "Louise Stamp", "01/06/2018", "On Target", 20, ""],
        ],
        formats={(2, 9): "0%", (3, 7): "mmm-yy"},
    )
    assert import_plan(store, path, "tower-hamlets") == (3, 0)
    rows = {r.milestone_ref: r for r in load_plan(store, "tower-hamlets")}
    assert rows["13.2"].percent_complete == 80
    assert rows["13.5"].deadline_as_written == "Aug-17" and rows["13.5"].deadline.kind == "month"
    assert rows["13.5"].reported_status == "Delayed" and rows["13.5"].percent_complete == 63
    assert rows["1.1"].deadline.kind == "date" and rows["1.1"].action_ref == "1"


@pytest.mark.parametrize(
    "edit, message",
    [
        (
            lambda L: [L[0].replace("reported_status", "status_reported")] + L[1:],
            "row 1: missing column(s) reported_status",
        ),
        (
            lambda L: L[:5] + [L[5].replace(",On Target,", ",Green,", 1)] + L[6:],
            "row 6, column reported_status: expected one of",
        ),
        (
            lambda L: L[:3] + [L[3].replace(",On Target,20,", ",On Target,120,", 1)] + L[4:],
            "row 4, column percent_complete",
        ),
        (
            lambda L: L[:3] + [L[3].replace(",On Target,20,", ",On Target,lots,", 1)] + L[4:],
            "row 4, column percent_complete",
        ),
        (lambda L: L + [L[1]], "row 117, column milestone_ref: '1.1' is already used at row 2"),
        (lambda L: L[:8] + [L[8].replace("Will Tuckley/Louise Stamp", "", 1)] + L[9:], "row 9, column lead_officer"),
        (lambda L: L[:1], "no milestone rows"),
    ],
)
def test_a_bad_file_names_row_and_column_and_leaves_the_store_untouched(
    store: Store, tmp_path: Path, edit, message: str
) -> None:
    import_plan(store, BUNDLED_PLAN, "tower-hamlets")
    before = _plan_rows(store)
    imports = store.conn.execute("SELECT COUNT(*) FROM plan_imports").fetchone()[0]
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(edit(BUNDLED_PLAN.read_text(encoding="utf-8").splitlines())) + "\n", encoding="utf-8")
    with pytest.raises(ValueError) as info:
        import_plan(store, bad, "tower-hamlets")
    assert str(bad) in str(info.value) and message in str(info.value)
    assert _plan_rows(store) == before
    assert store.conn.execute("SELECT COUNT(*) FROM plan_imports").fetchone()[0] == imports


def test_an_unreadable_deadline_is_imported_and_flagged_not_dropped(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    lines = BUNDLED_PLAN.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], lines[1].replace(",May-18,", ",When ready,")]) + "\n", encoding="utf-8")
    import_plan(store, path, "tower-hamlets")
    (row,) = load_plan(store, "tower-hamlets")
    assert row.deadline_as_written == "When ready" and row.deadline.kind == "unreadable"


def test_other_failures_are_clear(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="expected a .csv or .xlsx"):
        import_plan(store, shutil.copy(BUNDLED_PLAN, tmp_path / "plan.txt"), "tower-hamlets")
    with pytest.raises(ValueError, match="no such file"):
        import_plan(store, tmp_path / "missing.csv", "tower-hamlets")
    (tmp_path / "junk.xlsx").write_text("not a workbook", encoding="utf-8")
    with pytest.raises(ValueError, match="not a readable .xlsx"):
        import_plan(store, tmp_path / "junk.xlsx", "tower-hamlets")
    with pytest.raises(StoreError, match="no authority 'nowhere'"):
        import_plan(store, BUNDLED_PLAN, "nowhere")
    assert _plan_rows(store) == []


def _one_row_xlsx(path: Path, deadline: dt.datetime, fmt: str) -> Path:
    row = ["Grants", 13, "Complete commissioning", "13.5", "Mobilisation", "Steve Hill", deadline, "On Target", 20, ""]
    return _write_xlsx(path, [HEADER, row], formats={(2, 7): fmt})


@pytest.mark.parametrize("fmt", ["mmm-yy", "mmm-yyyy", "dd/mm/yyyy"])
def test_an_xlsx_date_cell_in_the_year_9999_is_refused_naming_file_row_and_column(
    store: Store, tmp_path: Path, fmt: str
) -> None:
    """Excel holds dates up to 31 December 9999; as `mmm-yy` such a cell once became `Dec-99`, read as December
    2099 (issue 13). Now its year is checked against 1900-2200 before it is written back as text."""
    path = _one_row_xlsx(tmp_path / "far.xlsx", dt.datetime(9999, 12, 1), fmt)
    with pytest.raises(ValueError) as info:
        import_plan(store, path, "tower-hamlets")
    message = str(info.value)
    assert f"{path}: row 2, column deadline_as_written" in message, message
    assert "the year 9999 is outside 1900-2200" in message, message
    assert _plan_rows(store) == []


def test_an_xlsx_month_outside_this_century_keeps_its_four_digit_year(store: Store, tmp_path: Path) -> None:
    """December 1999 as `mmm-yy` is `Dec-1999`, not `Dec-99` (which reads as December 2099)."""
    import_plan(store, _one_row_xlsx(tmp_path / "old.xlsx", dt.datetime(1999, 12, 1), "mmm-yy"), "tower-hamlets")
    (row,) = load_plan(store, "tower-hamlets")
    assert row.deadline_as_written == "Dec-1999"
    assert row.deadline.kind == "month" and row.deadline.due.year == 1999 and row.deadline.due.month == 12


def test_an_xlsx_date_cell_beyond_what_a_workbook_holds_is_refused_by_row_and_column(
    store: Store, tmp_path: Path, recwarn: pytest.WarningsRecorder
) -> None:
    """A number formatted as a date whose serial is past 31 December 9999: openpyxl warned on stderr and read it as an
    error value, which was imported as an unreadable deadline (exit 0, a warning line)."""
    path = _one_row_xlsx(tmp_path / "serial.xlsx", dt.datetime(2017, 8, 1), "dd/mm/yyyy")
    book = openpyxl.load_workbook(path)
    book.active.cell(row=2, column=7).value = 5374186
    book.save(path)
    with pytest.raises(ValueError) as info:
        import_plan(store, path, "tower-hamlets")
    assert f"{path}: row 2, column G: a date cell whose serial number 5374186 is outside" in str(info.value)
    assert not recwarn.list and _plan_rows(store) == []
