"""Import an improvement plan (CSV or .xlsx) into the store, all or nothing.

Why both: the bundled plan is a CSV a reviewer can read beside its seed, but councils keep plans
in spreadsheets, so an .xlsx (first worksheet, header in row 1) imports the same way. The CSV
module and openpyxl read them; every value is validated before anything is written, and an
error names the file, the row (as a spreadsheet numbers it: the header is row 1) and the column.

Columns (header names are matched case-insensitively; the council's own headings are accepted
too: Lead Officer, Deadline, Status, %Comp, Comments): area, action_ref, action, milestone_ref,
milestone, lead_officer, deadline_as_written, reported_status, percent_complete, comment,
source_line, transcription_note. Other columns are ignored.

A plan's statuses and % complete describe one day, its `reported_on` date (the bundled plan's:
the Q2 update to the Best Value Improvement Board of 11 September 2017). A contradiction between
the reported status and the council's definitions is judged as of that day: measured against any
other day, September's figures would be compared with a July or a December calendar.

A plan is one per authority: importing again replaces the authority's plan rows in one
transaction (plan_imports keeps a line per import). A deadline that cannot be read is imported
as written; its reading says so (engine/plan/deadlines.py).
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from engine.core import calendar, clock, csvfile, dates
from engine.core.errors import InputError
from engine.plan import deadlines
from engine.plan.model import REPORTED_STATUSES, PlanRow
from engine.store.sqlite import Store, StoreError

BUNDLED_PLAN = Path(__file__).resolve().parents[1] / "store" / "data" / "improvement-plan-2017-18.csv"
#: the authority whose plan is bundled
BUNDLED_PLAN_AUTHORITY = "tower-hamlets"
#: the day the bundled plan's statuses describe: the Q2 update in the agenda pack of the BVIB meeting
#: of 11 September 2017 (seed 002_7d5881941015d02d.txt)
BUNDLED_PLAN_REPORTED_ON = dt.date(2017, 9, 11)

#: the plan table's columns, in the order the bundled CSV (engine/plan/extract_seed_table.py) writes them
COLUMNS = (
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
    "source_line",
    "transcription_note",
)
OPTIONAL = ("action", "comment", "source_line", "transcription_note")
REQUIRED = tuple(c for c in COLUMNS if c not in OPTIONAL)
ALIASES = {
    "lead officer": "lead_officer",
    "deadline": "deadline_as_written",
    "status": "reported_status",
    "%comp": "percent_complete",
    "% comp": "percent_complete",
    "% complete": "percent_complete",
    "comments": "comment",
    "quarter 2 comments": "comment",
    "activities": "milestone",
}


def _column_name(header: Any) -> str:
    text = " ".join(str(header or "").split()).lower()
    return ALIASES.get(text, text.replace(" ", "_"))


def _percent(value: Any, as_fraction: bool) -> int | None:
    """'80%', '80', 80, or 0.8 in a cell formatted as a percentage; blank is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value) * (100 if as_fraction else 1)
    else:
        text = str(value).strip()
        if not re.fullmatch(r"\d+(\.\d+)?\s*%?", text):
            raise InputError(f"expected a percentage from 0 to 100 such as 80 or 80%, got {text!r}")
        number = float(text.rstrip("%").strip())
    if abs(number - round(number)) > 1e-6 or not 0 <= round(number) <= 100:
        raise InputError(f"expected a whole percentage from 0 to 100, got {value!r}")
    return int(round(number))


def _status(value: Any) -> str:
    text = " ".join(str(value or "").split())
    for status in REPORTED_STATUSES:
        if text.lower() == status.lower():
            return status
    raise InputError(f"expected one of {', '.join(REPORTED_STATUSES)}, got {text!r}")


def _deadline_text(value: Any, number_format: str) -> str:
    """A spreadsheet may have turned 'Apr-17' into a date: write it back as the plan shows it.

    A month and year is written with two digits for the year only where reading it back gives the
    same year (2000-2099: deadlines.read_deadline reads `Dec-99` as 2099); a date cell whose year is
    outside engine.core.dates' range (1900-2200: Excel holds dates up to 31 December 9999) raises
    ValueError naming the year, so that `Dec-9999` is refused rather than read as December 2099."""
    if isinstance(value, dt.datetime | dt.date):
        if not dates.EARLIEST_YEAR <= value.year <= dates.LATEST_YEAR:
            shown = f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
            raise ValueError(
                f"the date cell {shown}: the year {value.year} is outside {dates.EARLIEST_YEAR}-{dates.LATEST_YEAR}"
            )
        fmt = number_format.lower()
        if "m" in fmt and "d" not in fmt:  # a month-and-year format such as mmm-yy
            return value.strftime("%b-%y" if 2000 <= value.year <= 2099 else "%b-%Y")
        return value.strftime("%d/%m/%Y")
    return "" if value is None else " ".join(str(value).split())


def _cells_csv(path: Path) -> Iterator[tuple[int, list[tuple[Any, str]]]]:
    for row_number, _line, cells in csvfile.read_rows(path):  # strict: a row that does not parse is refused
        yield row_number, [(c, "") for c in cells]


def _cells_xlsx(path: Path) -> Iterator[tuple[int, list[tuple[Any, str]]]]:
    import openpyxl  # only needed for spreadsheets

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise InputError(f"{path}: not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from None
    rows: list[tuple[int, list[tuple[Any, str]]]] = []
    try:
        # openpyxl warns on stderr (and reads the cell as an error value) for a date cell whose serial number is
        # outside the dates a workbook holds: such a cell is refused here, by its row and column; any other
        # warning of openpyxl's (styles, extensions it does not read) says nothing about the plan's values
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            sheet = book.worksheets[0]
            for row in sheet.iter_rows():
                cells = [(cell.value, getattr(cell, "number_format", "") or "") for cell in row]
                number = next((cell.row for cell in row if getattr(cell, "row", None)), None)
                rows.append((number or 0, cells))
                for warning in caught:
                    bad = _BAD_DATE_CELL.search(str(warning.message))
                    if bad:
                        raise InputError(
                            f"{path}: row {bad['row']}, column {bad['column']}: a date cell whose serial number "
                            f"{bad['serial']} is outside the dates a workbook holds; expected a date from "
                            f"{dates.EARLIEST_YEAR} to {dates.LATEST_YEAR}"
                        )
                caught.clear()
    except InputError:
        raise
    except Exception as exc:  # a workbook openpyxl opens but cannot read through
        raise InputError(f"{path}: not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from None
    finally:
        book.close()
    yield from rows


_BAD_DATE_CELL = re.compile(
    r"Cell (?P<column>[A-Z]+)(?P<row>\d+) is marked as a date but the serial value (?P<serial>\S+) is outside"
)


def read_plan_file(path: Path) -> list[PlanRow]:
    """Every milestone row of a plan file, validated; raises InputError naming file, row, column."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        source = _cells_csv(path)
    elif suffix == ".xlsx":
        source = _cells_xlsx(path)
    else:
        raise InputError(f"{path}: expected a .csv or .xlsx plan file")
    try:
        header_number, header = next(source)
    except StopIteration:
        raise InputError(f"{path}: the file is empty (expected a header row)") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc})") from None
    columns = [_column_name(value) for value, _ in header]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InputError(
            f"{path}: row {header_number}: missing column(s) {', '.join(missing)} "
            f"(found: {', '.join(c for c in columns if c) or 'none'})"
        )
    index = {name: columns.index(name) for name in REQUIRED + OPTIONAL if name in columns}
    rows: list[PlanRow] = []
    seen: dict[str, int] = {}
    try:
        for number, cells in source:
            if all(value is None or not str(value).strip() for value, _ in cells):
                continue
            rows.append(_row(path, number, cells, index, seen))
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc})") from None
    if not rows:
        raise InputError(f"{path}: no milestone rows after the header")
    return rows


def _row(path: Path, number: int, cells: list[tuple[Any, str]], index: dict[str, int], seen: dict[str, int]) -> PlanRow:
    def cell(name: str) -> tuple[Any, str]:
        i = index.get(name)
        return cells[i] if i is not None and i < len(cells) else (None, "")

    def text(name: str) -> str:
        value = cell(name)[0]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else " ".join(str(value).split())

    def fail(column: str, why: str) -> InputError:
        return InputError(f"{path}: row {number}, column {column}: {why}")

    values: dict[str, Any] = {
        name: text(name)
        for name in REQUIRED + OPTIONAL
        if name not in ("percent_complete", "reported_status", "deadline_as_written")
    }
    for name in ("area", "action_ref", "milestone_ref", "milestone", "lead_officer"):
        if not values[name]:
            raise fail(name, "expected a value, found it blank")
    try:
        values["reported_status"] = _status(cell("reported_status")[0])
    except ValueError as exc:
        raise fail("reported_status", str(exc)) from None
    try:
        value, fmt = cell("percent_complete")
        values["percent_complete"] = _percent(
            value,
            as_fraction="%" in fmt
            and isinstance(value, float | int)
            and not isinstance(value, bool)
            and float(value) <= 1,
        )
    except ValueError as exc:
        raise fail("percent_complete", str(exc)) from None
    try:
        values["deadline_as_written"] = _deadline_text(*cell("deadline_as_written"))
    except ValueError as exc:
        raise fail("deadline_as_written", str(exc)) from None
    reading = deadlines.read_deadline(values["deadline_as_written"])
    if reading.year_out_of_range is not None:
        raise fail(
            "deadline_as_written",
            f"{values['deadline_as_written']!r}: the year {reading.year_out_of_range} is outside "
            f"{dates.EARLIEST_YEAR}-{dates.LATEST_YEAR}",
        )
    ref = values["milestone_ref"]
    if ref in seen:
        raise fail("milestone_ref", f"{ref!r} is already used at row {seen[ref]} (each milestone needs its own ref)")
    seen[ref] = number
    try:
        return PlanRow(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise fail(".".join(str(p) for p in first["loc"]), first["msg"]) from None


def import_plan(store: Store, path: Path, authority: str, reported_on: dt.date | None = None) -> tuple[int, int]:
    """Replace the authority's plan with the file's rows in one transaction.

    `reported_on`: the day the file's statuses and % complete describe (default: today, London).
    Returns (rows imported, rows replaced). Nothing is written when the file has any error.
    """
    rows = read_plan_file(path)
    if reported_on is None:
        reported_on = clock.now().in_timezone(calendar.LONDON).date()
    if authority not in store.authorities():
        raise StoreError(
            f"{store.path}: no authority {authority!r} in the store (known: {', '.join(store.authorities()) or 'none'})"
        )
    now = calendar.iso(clock.now().in_timezone(calendar.LONDON))
    conn = store.conn
    with store.transaction("nothing was imported"):
        replaced = conn.execute("SELECT COUNT(*) FROM plan_rows WHERE authority = ?", (authority,)).fetchone()[0]
        conn.execute("DELETE FROM plan_rows WHERE authority = ?", (authority,))
        import_id = conn.execute(
            "INSERT INTO plan_imports (authority, source, imported_at, reported_on, row_count) VALUES (?, ?, ?, ?, ?)",
            (authority, str(path), now, reported_on.isoformat(), len(rows)),
        ).lastrowid
        conn.executemany(
            "INSERT INTO plan_rows (authority, import_id, position, area, action_ref, action, milestone_ref, "
            "milestone, lead_officer, deadline_as_written, reported_status, percent_complete, comment, "
            "source_line, transcription_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    authority,
                    import_id,
                    i,
                    r.area,
                    r.action_ref,
                    r.action,
                    r.milestone_ref,
                    r.milestone,
                    r.lead_officer,
                    r.deadline_as_written,
                    r.reported_status,
                    r.percent_complete,
                    r.comment,
                    r.source_line,
                    r.transcription_note,
                )
                for i, r in enumerate(rows, start=1)
            ],
        )
    return len(rows), replaced


def load_plan(store: Store, authority: str) -> list[PlanRow]:
    """The authority's plan rows in file order (empty when none was imported)."""
    cursor = store.conn.execute(
        "SELECT area, action_ref, action, milestone_ref, milestone, lead_officer, deadline_as_written, "
        "reported_status, percent_complete, comment, source_line, transcription_note FROM plan_rows "
        "WHERE authority = ? ORDER BY position",
        (authority,),
    )
    return [PlanRow(**dict(row)) for row in cursor]


def plan_reported_on(store: Store, authority: str) -> dt.date | None:
    """The day the authority's current plan describes (None when it has no plan)."""
    row = store.conn.execute(
        "SELECT reported_on FROM plan_imports WHERE import_id = "
        "(SELECT MAX(import_id) FROM plan_rows WHERE authority = ?)",
        (authority,),
    ).fetchone()
    return dates.read_date(row["reported_on"]) if row else None


def require_plan(store: Store, authority: str) -> list[PlanRow]:
    """The authority's imported plan; StoreError naming `comply import-plan` when it has none. Never
    writes: the bundled plan is imported by `comply init --demo` (seed_bundled_plan), not on reading."""
    rows = load_plan(store, authority)
    if not rows:
        raise StoreError(
            f"{store.path}: no improvement plan imported for {authority!r}: use `comply import-plan FILE.csv|FILE.xlsx`"
        )
    return rows


def seed_bundled_plan(store: Store) -> int:
    """Import the bundled Tower Hamlets improvement plan 2017-18 into a new demo store (`comply init
    --demo`, the default store's creation). Returns the number of milestones."""
    count, _ = import_plan(store, BUNDLED_PLAN, BUNDLED_PLAN_AUTHORITY, BUNDLED_PLAN_REPORTED_ON)
    return count
