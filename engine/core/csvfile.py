"""Read a CSV file strictly: every row parses into the header's columns, or the file is refused naming the row.

Why (issue 13): Python's csv module forgives too much for an import. An unterminated quote swallowed the rest of a
facts file into one field (1 of 11 rows imported, exit 0); a row with a stray quote or a missing comma was read as
something else. The facts importer (engine/store/importer.py) and the plan importer (engine/plan/importer.py) both
read through here, so both refuse the same things with a FileError naming the file and the row (and its line):
a file larger than MAX_BYTES, text that is not UTF-8, a NUL byte, a quote that is not closed or is followed by
text, and a row with more or fewer fields than the header.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from engine.core.errors import FileError
from engine.core.files import MAX_TEXT_BYTES, read_text

#: the largest CSV file read, in bytes (the bundled plan is about 40 kB)
MAX_BYTES = MAX_TEXT_BYTES


def read_rows(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[tuple[int, int, list[str]]]:
    """Yield (row number, first line of the row, cells) for every row, the header first (row 1); blank lines are
    skipped but counted (as csv counts them). Every row after the header must have exactly as many cells as the header.
    Raises FileError naming the row and line for any row that does not parse (see the module docstring)."""
    text = read_text(path, max_bytes)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    width: int | None = None
    number = 0
    line = 1
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            why = str(exc)
            if "unexpected end of data" in why:
                why = 'a quoted value is never closed (a missing ") and runs to the end of the file'
            raise FileError(path, f"row {number + 1} (line {start})", f"not valid CSV: {why}") from None
        line = start
        number += 1
        if not cells:
            continue
        if width is None:
            width = len(cells)
        elif len(cells) != width:
            more = "more" if len(cells) > width else "fewer"
            raise FileError(
                path,
                f"row {number} (line {line})",
                f"{len(cells)} values, {more} than the header's {width} columns "
                "(a stray comma or quote? a value holding a comma must be in double quotes)",
            )
        yield number, line, cells
