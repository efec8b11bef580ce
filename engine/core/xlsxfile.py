"""Read the first worksheet of an .xlsx workbook as a council keeps it: merged cells and month-year dates read as meant.

Why (issue 17): plans are kept in Excel, and two habits of spreadsheets misread as something else.

**Merged cells.** An Area or Action column is merged over the milestone rows it heads; a workbook stores the value
in the top-left cell only, so the rows below read blank ("row 4, column area: expected a value, found it blank"). Here
the top-left value of a range over several rows is carried down its first column (openpyxl's
`ws.merged_cells.ranges`); the other columns of a range wider than one column stay blank (a value is never copied
sideways into another column). Every carried cell remembers the row it came from (`Cell.merged_from`), and
`Sheet.merge_notes` words it for the import's report: "rows 3-7, column area: merged cell, value carried from row 3".

**Dates typed as months.** A workbook stores a date as a day, with a number format saying how to show it
(openpyxl's `cell.number_format`). The format is read, token by token (quoted text, `[...]` sections, escapes,
AM/PM and minutes set aside: `date_format_kind`):

- a month and a year and no day (`mmm-yy`, `mmmm yyyy`): the cell is a **month** (Excel stores the 1st): written
  back as `Apr-17` (a year outside 2000-2099 as `Dec-1999`, so it is never read as 2099).
- a day and a month and **no year** (`d-mmm`, `dd-mmm`): Excel turns `Apr-17` typed into a cell into 17 April of the
  year it was typed, shown `17-Apr`, because 17 can be a day (`Apr-45` becomes April 1945, shown `Apr-45`). The
  typed `17 Apr` gives the same cell, so the cell alone cannot say which was meant. The reading chosen: when the day,
  read as a two-digit year (20DD), falls from the year before the stored year to three years after it, the cell is
  the **month** April 20DD, written back `Apr-17`, as typed (a plan's deadlines lie within a few years of its
  writing); otherwise it is the day in the stored year. Either reading is put in the import's report with the cell
  as shown and as stored, so that an officer can check it; the month reading is at most the rest of the month
  later than the day reading would be, never earlier.
- anything else (a day, a month and a year): the **day**, written `17/04/2017`.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from engine.core import dates
from engine.core.errors import FileError, InputError
from engine.core.files import MAX_TEXT_BYTES

#: the largest workbook read, in bytes (a plan of 115 milestones is about 20 kB)
MAX_BYTES = MAX_TEXT_BYTES
#: a cell with no year shown whose day D gives a year 20DD this many years before and after the stored year is
#: read as the month of that year (see the module docstring)
YEARS_BEFORE, YEARS_AFTER = 1, 3

DateKind = Literal["month", "day_month", "date"]


@dataclass(frozen=True)
class Cell:
    """One cell: its value as openpyxl reads it (text, number, bool, datetime or None), its number format, and the
    row of the merged range's top-left cell when its value was carried down from there (None otherwise)."""

    value: Any
    number_format: str = ""
    merged_from: int | None = None


@dataclass(frozen=True)
class Merge:
    """A merged range over several rows, by row and column numbers (1 is the first), with the value carried."""

    first_row: int
    last_row: int
    first_column: int
    last_column: int


@dataclass
class Sheet:
    """The first worksheet: its rows as (row number, cells), the header row first, and the merged ranges whose
    value was carried down."""

    path: Path
    rows: list[tuple[int, list[Cell]]]
    merges: list[Merge] = field(default_factory=list)

    def merge_notes(self, names: Sequence[str]) -> list[str]:
        """One line in words per merged range carried down, naming its columns by `names` (the header's, by column
        index from 0; a column letter where there is no name): "rows 3-7, column area: merged cell, value carried
        from row 3"."""

        def name(column: int) -> str:
            given = names[column - 1] if column - 1 < len(names) else ""
            return given or _letter(column)

        notes = []
        for m in self.merges:
            wide = ""
            if m.last_column > m.first_column:
                wide = (
                    f" (merged over columns {name(m.first_column)} to {name(m.last_column)}: "
                    f"read in column {name(m.first_column)} only)"
                )
            notes.append(
                f"rows {m.first_row}-{m.last_row}, column {name(m.first_column)}: merged cell, "
                f"value carried from row {m.first_row}{wide}"
            )
        return notes


def read_first_sheet(path: Path, max_bytes: int = MAX_BYTES) -> Sheet:
    """The workbook's first worksheet with merged values carried down (see the module docstring). Raises InputError
    naming the file when it is not a readable .xlsx, or the row and column of a date cell whose serial
    number is beyond what a workbook holds, and FileError for a file larger than max_bytes."""
    import openpyxl  # only needed for spreadsheets

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileError(path, "", f"cannot read the file ({exc.strerror})") from None
    if size > max_bytes:
        raise FileError(path, "", f"the file is {size:,} bytes; the largest read is {max_bytes:,} bytes")
    # openpyxl warns (and reads the cell as an error value) for a date cell whose serial number is outside the dates a
    # workbook holds: such a cell is refused here, by its row and column; any other warning of openpyxl's (styles,
    # extensions it does not read) says nothing about the values
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            book = openpyxl.load_workbook(path, data_only=True)
        except Exception as exc:
            raise InputError(f"{path}: not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from None
    for warning in caught:
        bad = _BAD_DATE_CELL.search(str(warning.message))
        if bad:
            raise InputError(
                f"{path}: row {bad['row']}, column {bad['column']}: a date cell whose serial number {bad['serial']} "
                f"is outside the dates a workbook holds; expected a date from {dates.EARLIEST_YEAR} to "
                f"{dates.LATEST_YEAR}"
            )
    try:
        sheet = book.worksheets[0]
        grid: dict[int, list[Cell]] = {}
        for row in sheet.iter_rows():
            number = next((c.row for c in row if getattr(c, "row", None)), None)
            if number is not None:
                grid[number] = [Cell(c.value, getattr(c, "number_format", "") or "") for c in row]
        merges = []
        for merged in sorted(sheet.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
            top = grid.get(merged.min_row, [])
            if merged.max_row == merged.min_row or merged.min_col > len(top):
                continue
            source = top[merged.min_col - 1]
            if source.value is None or (isinstance(source.value, str) and not source.value.strip()):
                continue
            for r in range(merged.min_row + 1, merged.max_row + 1):
                cells = grid.get(r)
                if cells is not None and merged.min_col <= len(cells):
                    cells[merged.min_col - 1] = Cell(source.value, source.number_format, merged.min_row)
            merges.append(Merge(merged.min_row, merged.max_row, merged.min_col, merged.max_col))
    except InputError:
        raise
    except Exception as exc:  # a workbook openpyxl opens but cannot read through
        raise InputError(f"{path}: not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from None
    finally:
        book.close()
    return Sheet(path, sorted(grid.items()), merges)


_BAD_DATE_CELL = re.compile(
    r"Cell (?P<column>[A-Z]+)(?P<row>\d+) is marked as a date but the serial value (?P<serial>\S+) is outside"
)


def _letter(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def date_format_kind(number_format: str) -> DateKind:
    """What a date cell's number format shows: "month" (a month and a year, or a month alone: `mmm-yy`), "day_month"
    (a day and a month, no year: `d-mmm`) or "date" (anything else: `dd/mm/yyyy`). Only the format's first section is
    read; quoted text, `[...]` sections (locale, colour), escaped characters and AM/PM are set aside, and an `m` after
    an hour or before seconds is minutes."""
    fmt = number_format.split(";")[0]
    fmt = re.sub(r'\[[^\]]*\]|"[^"]*"|\\.|_.|\*.', "", fmt).lower()
    fmt = fmt.replace("am/pm", "").replace("a/p", "")
    if fmt.strip() == "general":
        return "date"
    runs = re.findall(r"d+|m+|y+|e+|b+|h+|s+", fmt)
    shown: set[str] = set()
    for i, run in enumerate(runs):
        letter = run[0]
        if letter == "m" and ((i and runs[i - 1][0] == "h") or (i + 1 < len(runs) and runs[i + 1][0] == "s")):
            continue  # minutes
        shown.add("y" if letter in "eb" else letter)
    if "m" in shown and "d" not in shown:
        return "month"
    if "d" in shown and "m" in shown and "y" not in shown:
        return "day_month"
    return "date"


def date_as_written(value: dt.date, number_format: str) -> tuple[str, str | None]:
    """A date cell written back as its author wrote it (see the module docstring): ("Apr-17", note) for a month,
    ("17/04/2017", note) for a day; the note says how a cell with no year shown was read (None otherwise)."""
    kind = date_format_kind(number_format)
    stored = f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if kind == "month":
        return _month(value.month, value.year), None
    if kind == "date":
        return stored, None
    shows = f"the cell shows {value.day}-{MONTHS[value.month - 1]} (number format {number_format!r}, no year; stored as {stored})"
    year = 2000 + value.day
    if value.year - YEARS_BEFORE <= year <= value.year + YEARS_AFTER:
        text = _month(value.month, year)
        return text, (
            f"{shows}: read as {text}, the month {MONTH_NAMES[value.month - 1]} {year}, as Excel stores {text} typed in "
            f"{value.year}"
        )
    return stored, f"{shows}: read as the day {stored}, the year Excel stored ({value.day} is not a year near it)"


#: month abbreviations as the plan writes them (not the process's locale's, as strftime's %b would be)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")  # fmt: skip


def _month(month: int, year: int) -> str:
    name = MONTHS[month - 1]
    return f"{name}-{year % 100:02d}" if 2000 <= year <= 2099 else f"{name}-{year:04d}"
