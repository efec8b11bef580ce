"""Read a CSV file strictly: every row parses into the header's columns, or the file is refused naming the row.

Why (issue 13): Python's csv module forgives too much for an import. An unterminated quote swallowed the rest of a
facts file into one field (1 of 11 rows imported, exit 0); a row with a stray quote or a missing comma was read as
something else. The facts importer (engine/store/importer.py) and the plan importer (engine/plan/importer.py) both
read through here, so both refuse the same things with a FileError naming the file and the row (and its line):
a file larger than MAX_BYTES, text that cannot be decoded, a NUL byte, a quote that is not closed or is followed by
text, and a row with more or fewer fields than the header.

Why it also reads what Excel writes (issue 17): councils keep their facts and plans in spreadsheets and save them
from Excel, which writes four kinds of "CSV":

- "CSV UTF-8": UTF-8 with a byte-order mark, which is dropped.
- "CSV" on Windows: Windows-1252 (cp1252), not UTF-8. It is **not guessed**: nearly every byte sequence decodes as
  Windows-1252, and as Central European (cp1250) or Mac Roman as well, so a guess could misread names silently. The
  file is refused naming the row, the column, the byte and the value as Windows-1252 would read it, with the hint
  to save it as "CSV UTF-8" or to pass the encoding (`--encoding cp1252`), which then reads it.
- "Unicode Text": UTF-16 with a byte-order mark, tab-separated: the mark says what it is, so it is read.
- "CSV" where the decimal separator is a comma (most of Europe): separated by semicolons. The separator is read
  from the header row: the one of comma, semicolon and tab that occurs in it outside quotes; when several do, the
  one with which every row has the header's number of values, and when more than one does, the file is refused
  naming what was found, since it reads into two different tables (`sniff_separator`). Every row must then have the
  header's number of values, as always. A separator other than the comma is said in the file's notes, which the
  imports print.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from engine.core.errors import FileError, InputError
from engine.core.files import MAX_TEXT_BYTES

#: the largest CSV file read, in bytes (the bundled plan is about 40 kB)
MAX_BYTES = MAX_TEXT_BYTES

#: the separators recognised in a header row, with their names in words
SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}

_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass
class CsvFile:
    """A CSV file read whole: its rows as (row number, first line of the row, cells), the header first (row 1; blank
    lines skipped but counted), the separator and encoding used, and notes in words on how it was read (a separator
    other than the comma, an encoding other than UTF-8) for the import's report."""

    path: Path
    rows: list[tuple[int, int, list[str]]]
    separator: str = ","
    encoding: str = "utf-8"
    notes: list[str] = field(default_factory=list)


def codec(encoding: str | None) -> str:
    """The Python codec for an `--encoding` given by a user (None: UTF-8). Raises InputError for a name Python does not
    know as a text encoding. `utf-8` reads with its byte-order mark dropped."""
    if encoding is None:
        return "utf-8"
    try:
        name = codecs.lookup(encoding.strip()).name
        "".encode(name)
    except (LookupError, TypeError):
        raise InputError(
            f"--encoding: {encoding!r} is not an encoding; expected utf-8 (the default) or cp1252 (Windows-1252, "
            'what Excel on Windows writes as "CSV")'
        ) from None
    return name


def read_csv(path: Path, max_bytes: int = MAX_BYTES, encoding: str | None = None) -> CsvFile:
    """Read and parse the whole file (see the module docstring). `encoding`: a codec name given by the user (None:
    UTF-8, or UTF-16 when the file starts with its byte-order mark). Raises FileError naming the row, its line and,
    for a byte that cannot be decoded, the column, the byte and the hint; InputError for an unknown encoding."""
    name = codec(encoding)
    raw = _read_bytes(path, max_bytes)
    notes: list[str] = []
    if raw.startswith(_UTF16_BOMS) and encoding is None:
        name = "utf-16"
        notes.append('read as UTF-16 text: its byte-order mark says so (Excel\'s "Unicode Text")')
    elif raw.startswith(_UTF8_BOM) and name not in ("utf-8", "utf-8-sig"):
        raise FileError(
            path,
            "line 1",
            f"the file starts with UTF-8's byte-order mark, so it is UTF-8, not {encoding}: leave out --encoding",
        )
    elif name != "utf-8":
        notes.append(f"read as {name} text (--encoding {encoding})")
    decoder = "utf-8-sig" if name == "utf-8" else name
    try:
        text = raw.decode(decoder)
    except UnicodeDecodeError as exc:
        raise _undecodable(path, raw, decoder, exc) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise FileError(path, f"line {line}", "a NUL byte (\\x00): the file is not text")
    separator = sniff_separator(text, path)
    if separator != ",":
        why = ' (Excel\'s "CSV" where the decimal separator is a comma)' if separator == ";" else ""
        notes.append(f"separated by {SEPARATORS[separator]}s, as its header row is{why}")
    return CsvFile(path, list(_parse(path, text, separator)), separator, name, notes)


def read_rows(
    path: Path, max_bytes: int = MAX_BYTES, encoding: str | None = None
) -> Iterator[tuple[int, int, list[str]]]:
    """Yield (row number, first line of the row, cells) for every row, the header first (row 1); blank lines are
    skipped but counted (as csv counts them). Every row after the header must have exactly as many cells as the header.
    Raises FileError naming the row and line for any row that does not parse (see the module docstring)."""
    yield from read_csv(path, max_bytes, encoding).rows


def header_separators(text: str) -> dict[str, int]:
    """How often each separator (comma, semicolon, tab) occurs outside double quotes in the text's first non-blank
    line (the header row)."""
    # split at CR and LF only, as csv does (str.splitlines also splits at \x1c-\x1e, \x85, \u2028...)
    header = next((line for line in re.split(r"\r\n|\r|\n", text) if line.strip()), "")
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return counts


def sniff_separator(text: str, path: Path | None = None) -> str:
    """The separator of a CSV text, read from its header row: the only one of comma, semicolon and tab that occurs in
    it outside quotes (a comma when none does). When several occur, the one with which every row has the header's
    number of values; when more than one does, the file could be read two ways and is refused (FileError naming the
    separators found), since either reading may be the wrong table; when none does, the most frequent (its first
    uneven row is then refused as usual)."""
    counts = header_separators(text)
    found = [s for s in SEPARATORS if counts[s]]
    if len(found) <= 1:
        return found[0] if found else ","
    even = [s for s in found if _even(text, s)]
    if len(even) == 1:
        return even[0]
    if not even:
        return max(found, key=lambda s: (counts[s], -list(SEPARATORS).index(s)))
    words = " and ".join(f"{counts[s]} {SEPARATORS[s]}{'s' if counts[s] > 1 else ''}" for s in even)
    raise FileError(
        path or "",
        "row 1 (line 1)",
        f"the header row holds {words}, and the file reads into even rows with either: which separates the "
        'columns cannot be told; save it with a comma between columns (in Excel: "CSV UTF-8") and a value '
        "holding a comma in double quotes",
    )


def _even(text: str, separator: str) -> bool:
    try:
        return sum(1 for _ in _parse(Path(""), text, separator)) > 0
    except FileError:
        return False


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise FileError(path, "", f"the file is {size:,} bytes; the largest read is {max_bytes:,} bytes")
        return path.read_bytes()
    except OSError as exc:
        raise FileError(path, "", f"cannot read the file ({exc.strerror})") from None


def _parse(path: Path, text: str, separator: str) -> Iterator[tuple[int, int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
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
            sep = SEPARATORS[separator]
            raise FileError(
                path,
                f"row {number} (line {line})",
                f"{len(cells)} values, {more} than the header's {width} columns "
                f"(a stray {sep} or quote? a value holding a {sep} must be in double quotes)",
            )
        yield number, line, cells


def _undecodable(path: Path, raw: bytes, decoder: str, exc: UnicodeDecodeError) -> FileError:
    """The refusal of a byte that does not decode: naming its row and column (the text parsed with the byte kept as
    an escape), the byte, the value as Windows-1252 would read it, and what to do."""
    byte = raw[exc.start]
    shown = "UTF-8" if decoder == "utf-8-sig" else decoder
    hint = 'save it as UTF-8 (in Excel: "CSV UTF-8")'
    as_1252 = False
    if decoder == "utf-8-sig":
        try:
            raw.decode("cp1252")
            as_1252 = True
        except UnicodeDecodeError:
            pass
        if as_1252:
            hint = (
                'the file looks like Windows-1252 (what Excel on Windows writes as "CSV"): save it as "CSV UTF-8" '
                "or pass --encoding cp1252"
            )
    newline = b"\n"
    where = f"line {raw[: exc.start].count(newline) + 1}"
    plain = f"byte {byte:#04x} is not {shown}; {hint}"
    text = raw.decode(decoder, errors="surrogateescape")
    try:
        rows = list(_parse(path, text, sniff_separator(text, path)))
    except FileError:  # the rows do not parse as far as the byte: name its line only
        return FileError(path, where, plain)
    header = rows[0][2] if rows else []
    for number, line, cells in rows:
        for i, cell in enumerate(cells):
            if _escaped(cell):
                name = header[i].strip() if i < len(header) and number > 1 else ""
                column = f"column {name}" if name and not _escaped(name) else f"column {i + 1}"
                given = ""
                if as_1252:
                    value = cell.encode("utf-8", errors="surrogateescape").decode("cp1252")
                    given = f" (the value reads {value.strip()!r} as Windows-1252)"
                return FileError(
                    path, f"row {number} (line {line}), {column}", f"byte {byte:#04x} is not {shown}{given}; {hint}"
                )
    return FileError(path, where, plain)


def _escaped(text: str) -> bool:
    return any("\udc80" <= char <= "\udcff" for char in text)
