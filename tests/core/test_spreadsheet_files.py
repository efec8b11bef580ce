"""Files as Excel saves them (issue 17): the CSV reader (engine/core/csvfile.py) and the workbook reader
(engine/core/xlsxfile.py), one test per example of the issue with its right value."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from engine.core import csvfile, xlsxfile
from engine.core.errors import FileError, InputError


def _write(tmp_path: Path, data: bytes, name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- byte-order mark, encodings ---


def test_excel_csv_utf8_with_its_byte_order_mark_and_crlf_reads_the_header(tmp_path: Path) -> None:
    """Excel's "CSV UTF-8": a byte-order mark, CRLF line ends; the first header is `kind`, not '\\ufeffkind'."""
    data = codecs.BOM_UTF8 + "kind,key,name\r\nboards,b1,Café board\r\n".encode()
    path = _write(tmp_path, data)
    table = csvfile.read_csv(path)
    assert table.rows == [(1, 1, ["kind", "key", "name"]), (2, 2, ["boards", "b1", "Café board"])]
    assert table.notes == [] and table.encoding == "utf-8"


def test_a_windows_1252_file_is_refused_naming_file_row_column_byte_and_the_hint(tmp_path: Path) -> None:
    """The issue's example: before, `'utf-8' codec can't decode byte 0x96 in position 77`, no file, row or field."""
    text = "area,action_ref,action\nA,1,Plan\nA,2,Train\nA,3,April \x96 June\n"
    path = _write(tmp_path, text.encode("latin-1"), "plan.csv")
    with pytest.raises(FileError) as caught:
        csvfile.read_csv(path)
    assert str(caught.value) == (
        f"{path}, row 4 (line 4), column action: byte 0x96 is not UTF-8 (the value reads 'April – June' as "
        'Windows-1252); the file looks like Windows-1252 (what Excel on Windows writes as "CSV"): save it as '
        '"CSV UTF-8" or pass --encoding cp1252'
    )
    assert isinstance(caught.value, InputError)


def test_the_encoding_given_reads_a_windows_1252_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "kind,key,name\nboards,b1,April \u2013 June\n".encode("cp1252"))
    table = csvfile.read_csv(path, encoding="cp1252")
    assert table.rows[1][2] == ["boards", "b1", "April – June"]
    assert table.notes == ["read as cp1252 text (--encoding cp1252)"]


def test_a_byte_no_encoding_guess_explains_is_refused_with_the_plain_hint(tmp_path: Path) -> None:
    """0x81 is undefined in Windows-1252 too: no claim that the file looks like it, and no value shown."""
    path = _write(tmp_path, b"kind,key,name\nboards,b1,x\x81y\n")
    with pytest.raises(FileError) as caught:
        csvfile.read_csv(path)
    assert str(caught.value) == (
        f'{path}, row 2 (line 2), column name: byte 0x81 is not UTF-8; save it as UTF-8 (in Excel: "CSV UTF-8")'
    )


def test_a_bad_byte_in_the_header_names_the_column_by_number(tmp_path: Path) -> None:
    path = _write(tmp_path, b"kind,key,na\xefme\nboards,b1,x\n")
    with pytest.raises(FileError, match=r"row 1 \(line 1\), column 3: byte 0xef is not UTF-8"):
        csvfile.read_csv(path)


def test_a_utf8_file_with_its_mark_and_another_encoding_given_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, codecs.BOM_UTF8 + b"kind,key\nboards,b1\n")
    with pytest.raises(FileError, match="UTF-8's byte-order mark, so it is UTF-8, not cp1252: leave out --encoding"):
        csvfile.read_csv(path, encoding="cp1252")


def test_an_unknown_encoding_is_an_input_error() -> None:
    with pytest.raises(InputError, match="'klingon' is not an encoding; expected utf-8"):
        csvfile.codec("klingon")
    assert csvfile.codec("Windows-1252") == "cp1252"


def test_excel_unicode_text_utf16_tab_separated_is_read(tmp_path: Path) -> None:
    path = _write(tmp_path, "kind\tkey\tname\r\nboards\tb1\tBoard – one\r\n".encode("utf-16"), "f.csv")
    table = csvfile.read_csv(path)
    assert table.rows[1][2] == ["boards", "b1", "Board – one"] and table.separator == "\t"
    assert table.notes[0].startswith("read as UTF-16 text") and table.notes[1].startswith("separated by tabs")


# --- separators ---


def test_a_semicolon_file_is_read_and_said(tmp_path: Path) -> None:
    """Excel's "CSV" where the decimal separator is a comma: semicolons, and commas inside values unquoted."""
    path = _write(tmp_path, b"kind;key;name\nboards;b1;Board, the first\n")
    table = csvfile.read_csv(path)
    assert table.rows[1][2] == ["boards", "b1", "Board, the first"] and table.separator == ";"
    assert table.notes == [
        'separated by semicolons, as its header row is (Excel\'s "CSV" where the decimal separator is a comma)'
    ]


def test_a_comma_file_whose_values_hold_semicolons_stays_a_comma_file(tmp_path: Path) -> None:
    path = _write(tmp_path, b'kind,key,"a;b"\nboards,b1,x;y;z\n')
    assert csvfile.read_csv(path).rows[1][2] == ["boards", "b1", "x;y;z"]


def test_a_header_with_two_separators_takes_the_one_that_reads_even_rows(tmp_path: Path) -> None:
    path = _write(tmp_path, b"kind;key;name, short\nboards;b1;x\nboards;b2;y, z\n")
    assert csvfile.read_csv(path).rows[2][2] == ["boards", "b2", "y, z"]


def test_a_file_that_reads_evenly_both_ways_is_refused_naming_the_separators(tmp_path: Path) -> None:
    path = _write(tmp_path, b"a,b;c\n1,2;3\n")
    with pytest.raises(FileError) as caught:
        csvfile.read_csv(path)
    assert str(caught.value).startswith(
        f"{path}, row 1 (line 1): the header row holds 1 comma and 1 semicolon, and the file reads into even rows "
        "with either: which separates the columns cannot be told"
    )


def test_an_uneven_semicolon_row_is_named_with_its_separator(tmp_path: Path) -> None:
    path = _write(tmp_path, b"kind;key;name\nboards;b1;x;extra\n")
    with pytest.raises(
        FileError,
        match=r"row 2 \(line 2\): 4 values, more than the header's 3 columns \(a stray "
        r"semicolon or quote\? a value holding a semicolon must be in double quotes\)",
    ):
        csvfile.read_csv(path)


cell_text = st.text(st.characters(codec="utf-8", exclude_characters='"\r\n\x00'), max_size=8)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    separator=st.sampled_from([",", ";", "\t"]),
    width=st.integers(2, 5),
    data=st.data(),
)
def test_a_table_excel_writes_with_any_separator_reads_back_as_written_or_is_refused(
    tmp_path: Path, separator: str, width: int, data: st.DataObject
) -> None:
    """Never a different table: a file written by a CSV writer (quoting what holds the separator, as Excel does) with a
    comma, semicolon or tab reads back cell for cell, or is refused as a FileError; never misread."""
    header = data.draw(st.lists(cell_text.filter(str.strip), min_size=width, max_size=width))
    body = data.draw(st.lists(st.lists(cell_text, min_size=width, max_size=width), min_size=1, max_size=4))
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator="\r\n").writerows([header, *body])
    path = tmp_path / "t.csv"
    path.write_bytes(codecs.BOM_UTF8 + out.getvalue().encode())
    try:
        table = csvfile.read_csv(path)
    except FileError as exc:
        assert str(path) in str(exc)
        return
    assert [cells for _n, _l, cells in table.rows] == [header, *body]
    assert table.separator == separator


# --- workbooks: number formats ---


@pytest.mark.parametrize(
    "number_format, kind",
    [
        ("mmm-yy", "month"),
        ("mmm-yyyy", "month"),
        ("mmmm yyyy", "month"),
        ("[$-809]mmm-yy;@", "month"),
        ('"Due "mmm-yy', "month"),
        ("[Red]mmm\\-yy", "month"),
        ("d-mmm", "day_month"),
        ("dd-mmm", "day_month"),
        ("d mmmm", "day_month"),
        ("[$-en-GB]d-mmm;@", "day_month"),
        ("dd/mm/yyyy", "date"),
        ("d-mmm-yy", "date"),
        ("yyyy-mm-dd", "date"),
        ("dd/mm/yyyy hh:mm", "date"),
        ("m/d/yy h:mm AM/PM", "date"),
        ("General", "date"),
    ],
)
def test_the_number_format_says_month_day_and_month_or_date(number_format: str, kind: str) -> None:
    assert xlsxfile.date_format_kind(number_format) == kind


@pytest.mark.parametrize(
    "stored, number_format, written",
    [
        (dt.datetime(2017, 4, 17), "d-mmm", "Apr-17"),  # `Apr-17` typed in 2017: the example
        (dt.datetime(2017, 4, 18), "d-mmm", "Apr-18"),  # `Apr-18` typed in 2017
        (dt.datetime(2017, 4, 16), "d-mmm", "Apr-16"),  # a year before the stored year: still a month
        (dt.datetime(2017, 4, 20), "dd-mmm", "Apr-20"),  # three years after: still a month
        (dt.datetime(2017, 4, 21), "d-mmm", "21/04/2017"),  # four years after: the day
        (dt.datetime(2017, 4, 15), "d-mmm", "15/04/2017"),  # two years before: the day
        (dt.datetime(2017, 4, 3), "d-mmm", "03/04/2017"),  # 2003 is no deadline of a plan typed in 2017
        (dt.datetime(2017, 4, 1), "mmm-yy", "Apr-17"),
        (dt.datetime(1999, 12, 1), "mmm-yy", "Dec-1999"),
        (dt.datetime(2017, 4, 17), "dd/mm/yyyy", "17/04/2017"),
    ],
)
def test_a_date_cell_is_written_back_as_its_author_typed_it(
    stored: dt.datetime, number_format: str, written: str
) -> None:
    text, note = xlsxfile.date_as_written(stored, number_format)
    assert text == written
    assert (note is not None) == (number_format in ("d-mmm", "dd-mmm"))


def test_the_note_for_a_month_typed_as_apr_17_says_what_the_cell_shows_and_how_it_was_read() -> None:
    _, note = xlsxfile.date_as_written(dt.datetime(2017, 4, 17), "d-mmm")
    assert note == (
        "the cell shows 17-Apr (number format 'd-mmm', no year; stored as 17/04/2017): read as Apr-17, the month "
        "April 2017, as Excel stores Apr-17 typed in 2017"
    )


# --- workbooks: merged cells ---


def test_merged_cells_carry_their_top_left_value_down_their_first_column(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["area", "action_ref", "action", "milestone_ref"])
    sheet.append(["Grants", 13, "Commissioning", "13.1"])
    for ref in ("13.2", "13.3", "13.4"):
        sheet.append([None, None, None, ref])
    sheet.merge_cells("A2:A5")
    sheet.merge_cells("B2:C3")  # over two columns: read in B only
    sheet.merge_cells("D4:D4")  # one cell: nothing to carry
    path = tmp_path / "m.xlsx"
    book.save(path)
    read = xlsxfile.read_first_sheet(path)
    values = {n: [c.value for c in cells] for n, cells in read.rows}
    assert values[3] == ["Grants", 13, None, "13.2"] and values[5] == ["Grants", None, None, "13.4"]
    assert [c.merged_from for c in read.rows[2][1]] == [2, 2, None, None]
    assert read.merge_notes(["area", "action_ref", "action"]) == [
        "rows 2-5, column area: merged cell, value carried from row 2",
        "rows 2-3, column action_ref: merged cell, value carried from row 2 (merged over columns action_ref to "
        "action: read in column action_ref only)",
    ]
    assert read.merge_notes([])[0].startswith("rows 2-5, column A: merged cell")
