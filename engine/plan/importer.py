"""Import an improvement plan (CSV or .xlsx) into the store, all or nothing.

Why both: the bundled plan is a CSV a reviewer can read beside its seed, but councils keep plans
in spreadsheets, so an .xlsx (first worksheet, header in row 1) imports the same way. The one CSV
reader (engine/core/csvfile.py: Excel's byte-order mark, semicolons, `--encoding`) and the one
workbook reader (engine/core/xlsxfile.py: merged cells carried down, dates typed as months) read
them, and say how in notes the import prints; every value is validated before anything is written,
and an error names the file, the row (as a spreadsheet numbers it: the header is row 1) and the column.

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from engine.core import calendar, clock, csvfile, dates, xlsxfile
from engine.core.errors import InputError, unknown
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


def _deadline_text(value: Any, number_format: str) -> tuple[str, str | None]:
    """A spreadsheet may have turned 'Apr-17' into a date: write it back as the plan shows it, with a note in words
    when the cell shows no year (engine/core/xlsxfile.py: `date_as_written` reads the number format).

    A date cell whose year is outside engine.core.dates' range (1900-2200: Excel holds dates up to 31 December 9999)
    raises ValueError naming the year, so that `Dec-9999` is refused rather than read as December 2099."""
    if isinstance(value, dt.datetime | dt.date):
        if not dates.EARLIEST_YEAR <= value.year <= dates.LATEST_YEAR:
            shown = f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
            raise ValueError(
                f"the date cell {shown}: the year {value.year} is outside {dates.EARLIEST_YEAR}-{dates.LATEST_YEAR}"
            )
        return xlsxfile.date_as_written(value, number_format)
    return ("" if value is None else " ".join(str(value).split())), None


@dataclass
class PlanFile:
    """A plan file read and validated: its milestone rows, and notes in words on how the file was read (a separator
    or encoding other than the usual, merged cells carried down, a date cell with no year shown) for the report."""

    rows: list[PlanRow]
    notes: list[str] = field(default_factory=list)


def read_plan_file(path: Path, encoding: str | None = None) -> list[PlanRow]:
    """Every milestone row of a plan file, validated; raises InputError naming file, row, column."""
    return read_plan(path, encoding).rows


def read_plan(path: Path, encoding: str | None = None) -> PlanFile:
    """A plan file's milestone rows, validated, and how it was read. `encoding`: a CSV's encoding when not UTF-8
    (`--encoding cp1252`; engine/core/csvfile.py). Raises InputError naming file, row, column."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    suffix = path.suffix.lower()
    notes: list[str] = []
    merge_notes = None
    if suffix == ".csv":
        table = csvfile.read_csv(path, encoding=encoding)  # strict: a row that does not parse is refused
        source = [(number, [xlsxfile.Cell(c) for c in cells]) for number, _line, cells in table.rows]
        notes += table.notes
    elif suffix == ".xlsx":
        if encoding is not None:
            raise InputError(f"--encoding: {path} is a workbook, which says its own encoding; leave out --encoding")
        sheet = xlsxfile.read_first_sheet(path)
        source = sheet.rows
        merge_notes = sheet.merge_notes
    else:
        raise InputError(f"{path}: expected a .csv or .xlsx plan file")
    if not source:
        raise InputError(f"{path}: the file is empty (expected a header row)")
    (header_number, header), body = source[0], source[1:]
    columns = [_column_name(cell.value) for cell in header]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InputError(
            f"{path}: row {header_number}: missing column(s) {', '.join(missing)} "
            f"(found: {', '.join(c for c in columns if c) or 'none'})"
        )
    if merge_notes is not None:
        notes += merge_notes(columns)
    index = {name: columns.index(name) for name in REQUIRED + OPTIONAL if name in columns}
    rows: list[PlanRow] = []
    seen: dict[str, int] = {}
    for number, cells in body:
        # a row whose only values are carried down from a merged cell above is a blank row
        if all(c.merged_from is not None or c.value is None or not str(c.value).strip() for c in cells):
            continue
        rows.append(_row(path, number, cells, index, seen, notes))
    if not rows:
        raise InputError(f"{path}: no milestone rows after the header")
    return PlanFile(rows, notes)


def _row(
    path: Path,
    number: int,
    cells: list[xlsxfile.Cell],
    index: dict[str, int],
    seen: dict[str, int],
    notes: list[str],
) -> PlanRow:
    def cell(name: str) -> xlsxfile.Cell:
        i = index.get(name)
        return cells[i] if i is not None and i < len(cells) else xlsxfile.Cell(None)

    def text(name: str) -> str:
        value = cell(name).value
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
        values["reported_status"] = _status(cell("reported_status").value)
    except ValueError as exc:
        raise fail("reported_status", str(exc)) from None
    try:
        value, fmt = cell("percent_complete").value, cell("percent_complete").number_format
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
        deadline = cell("deadline_as_written")
        values["deadline_as_written"], note = _deadline_text(deadline.value, deadline.number_format)
    except ValueError as exc:
        raise fail("deadline_as_written", str(exc)) from None
    if note and deadline.merged_from is None:
        notes.append(f"row {number}, column deadline_as_written: {note}")
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


def import_plan(
    store: Store,
    path: Path,
    authority: str,
    reported_on: dt.date | None = None,
    encoding: str | None = None,
    notes: list[str] | None = None,
) -> tuple[int, int]:
    """Replace the authority's plan with the file's rows in one transaction.

    `reported_on`: the day the file's statuses and % complete describe (default: today, London). `encoding`: a CSV's
    encoding when it is not UTF-8 (`cp1252`). `notes`, when given, receives how the file was read, in words, for the
    import's report (merged cells carried down, a date cell with no year shown, a separator other than the comma).
    Returns (rows imported, rows replaced). Nothing is written when the file has any error.
    """
    plan = read_plan(path, encoding)
    rows = plan.rows
    if notes is not None:
        notes.extend(plan.notes)
    if reported_on is None:
        reported_on = clock.now().in_timezone(calendar.LONDON).date()
    if authority not in store.authorities():
        raise StoreError(f"{store.path}: {unknown('authority', authority, store.authorities(), ' in the store')}")
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
