"""The one YAML loader and the one CSV reader refuse what would lose data, hang or recurse, each with a FileError
naming the file and the line (issue 13's examples, one test each: engine/core/yamlfile.py, engine/core/csvfile.py)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.core import csvfile, yamlfile
from engine.core.errors import FileError

BILLION_LAUGHS = "a0: &a0 [lol]\n" + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))

YAML_REFUSED = {
    "recursive alias": ("x: &s [*s]\n", "line 1", "anchor &s"),
    "alias": ("a: 1\nb: *a\n", "line 2", "alias *a"),
    "billion laughs": (BILLION_LAUGHS, "line 1", "anchor &a0"),
    "duplicate key": (
        "submissions:\n  - key: a\nboards: []\nsubmissions:\n  - key: b\n",
        "line 4",
        "'submissions' is given twice (first on line 1)",
    ),
    "nested duplicate key": (
        "a:\n  b: 1\n  c: 2\n  b: 3\n",
        "line 4",
        "a.b: the key 'b' is given twice (first on line 2)",
    ),
    "non-scalar key": ("? [a, b]\n: 1\n", "line 1", "a mapping key must be a plain name"),
    "unknown tag": ("x: !foo bar\n", "line 1", "tag '!foo'"),
    "timestamp tag": ('x: !!timestamp "xx"\n', "line 1", "tag '!!timestamp'"),
    "python tag": ("x: !!python/object/apply:os.system ['true']\n", "line 1", "'!!python/object/apply:os.system'"),
    "deep nesting": ("x: " + "[" * 1000 + "]" * 1000 + "\n", "line 1", "nest"),  # libyaml's limit or ours
    "nesting past the limit": ("x: " + "[" * 60 + "]" * 60 + "\n", "line 1", f"more than {yamlfile.MAX_DEPTH} levels"),
    "NUL byte": ("a: 1\nb: 2\x00\n", "line 2", "NUL byte"),
    "not YAML": ("a: [1,\n", "line 2", "not valid YAML"),
}


@pytest.mark.parametrize("name", YAML_REFUSED)
def test_yaml_refusals_name_file_and_line(tmp_path: Path, name: str) -> None:
    text, where, words = YAML_REFUSED[name]
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(FileError) as caught:
        yamlfile.load_with_lines(path)
    assert time.monotonic() - started < 5, "refused quickly, never expanded"
    message = str(caught.value)
    assert message.startswith(f"{path}, {where}"), message
    assert words in message
    assert "\n" not in message


def test_yaml_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(FileError, match=r"f.yaml, line 2: not UTF-8 text \(byte 0xe9\)"):
        yamlfile.load_with_lines(path)


def test_yaml_too_large_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as fh:
        fh.truncate(yamlfile.MAX_BYTES + 1)
    with pytest.raises(FileError, match="the largest read is 10,485,760 bytes"):
        yamlfile.load_with_lines(path)


def test_large_scalar_under_the_limit_reads_fast(tmp_path: Path) -> None:
    """The C parser is used where installed: a 9 MB scalar took 40 s with the pure-Python one."""
    path = tmp_path / "f.yaml"
    path.write_text("note: " + "x" * 9_000_000 + "\n")
    started = time.monotonic()
    data, _ = yamlfile.load_with_lines(path)
    assert len(data["note"]) == 9_000_000
    assert time.monotonic() - started < 10


def test_plain_yaml_still_reads_with_lines(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a: !!str 2017\nwhen: 2017-07-01\nlist:\n  - x: 1\n    y: [true, null, 1.5]\n")
    data, lines = yamlfile.load_with_lines(path)
    assert data == {"a": "2017", "when": "2017-07-01", "list": [{"x": 1, "y": [True, None, 1.5]}]}
    assert lines[("list", 0, "y")] == 5


@given(depth=st.integers(1, 120))
def test_depth_limit_is_exact(tmp_path_factory: pytest.TempPathFactory, depth: int) -> None:
    path = tmp_path_factory.mktemp("d") / "f.yaml"
    path.write_text("x: " + "[" * depth + "]" * depth + "\n")
    if depth + 1 <= yamlfile.MAX_DEPTH:  # the top-level mapping is one level
        yamlfile.load_with_lines(path)
    else:
        with pytest.raises(FileError, match="levels deep"):
            yamlfile.load_with_lines(path)


ELEVEN_ROWS = "kind,key,name\n" + "".join(f"board,b{i},Board {i}\n" for i in range(11))

CSV_REFUSED = {
    "unterminated quote": (
        ELEVEN_ROWS.replace("board,b3,Board 3", 'board,b3,"Board 3'),
        "row 5 (line 5)",
        "a quoted value is never closed",
    ),
    "text after a quote": ('kind,key,name\nboard,"b1"x,B\n', "row 2 (line 2)", "not valid CSV"),
    "too many fields": ("kind,key,name\nboard,b1,B,extra\n", "row 2 (line 2)", "4 values, more than the header's 3"),
    "too few fields": (
        "kind,key,name\nboard,b1,B\nboard,b2\n",
        "row 3 (line 3)",
        "2 values, fewer than the header's 3",
    ),
    "NUL byte": ("kind,key,name\nboard,b1,B\x00\n", "line 2", "NUL byte"),
}


@pytest.mark.parametrize("name", CSV_REFUSED)
def test_csv_refusals_name_the_row(tmp_path: Path, name: str) -> None:
    text, where, words = CSV_REFUSED[name]
    path = tmp_path / "f.csv"
    path.write_text(text, encoding="utf-8", newline="")
    with pytest.raises(FileError) as caught:
        list(csvfile.read_rows(path))
    message = str(caught.value)
    assert message.startswith(f"{path}, {where}"), message
    assert words in message


def test_csv_not_utf8_names_the_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"kind,key,name\nboard,b1,caf\xe9\n")
    with pytest.raises(FileError, match=r"f.csv, row 2 \(line 2\), column name: byte 0xe9 is not UTF-8"):
        list(csvfile.read_rows(path))


def test_csv_quoted_newlines_and_bom_read(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes('\ufeffa,b\n1,"two\nlines"\n\n3,4\n'.encode())
    assert list(csvfile.read_rows(path)) == [(1, 1, ["a", "b"]), (2, 2, ["1", "two\nlines"]), (4, 5, ["3", "4"])]
