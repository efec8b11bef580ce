"""The configuration file's tables and their variables (engine/core/settings.py): read one way for the digest's
`[smtp]` and the sync's `[moderngov]`, with errors naming the file, table and setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.core.errors import InputError
from engine.core.settings import read_settings

VARS = {"host": "COMPLY_X_HOST", "port": "COMPLY_X_PORT"}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "nightly.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_file_gives_values_and_says_where_each_came_from(tmp_path: Path) -> None:
    path = write(tmp_path, '[x]\nhost = "relay"\nport = 25\n[other]\na = 1\n')
    s = read_settings(path, "x", VARS, {})
    assert s.values == {"host": "relay", "port": 25}
    assert s.where["host"] == f"{path}: [x] host"
    assert s.has_table("x") and s.has_table("other") and not s.has_table("smtp")


def test_a_variable_wins_over_the_file_and_an_empty_variable_does_not(tmp_path: Path) -> None:
    path = write(tmp_path, '[x]\nhost = "relay"\nport = 25\n')
    s = read_settings(path, "x", VARS, {"COMPLY_X_HOST": "other", "COMPLY_X_PORT": ""})
    assert s.values == {"host": "other", "port": 25}
    assert s.where == {"host": "COMPLY_X_HOST", "port": f"{path}: [x] port"}


def test_without_a_file_only_the_variables_count(tmp_path: Path) -> None:
    s = read_settings(None, "x", VARS, {"COMPLY_X_PORT": "587"})
    assert s.values == {"port": "587"} and s.tables == frozenset()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[x]\nhots = "relay"\n', "[x] hots: unknown setting (expected one of host, port)"),
        ('x = "relay"\n', "[x] must be a table of host, port"),
        ("[x\nhost = 1\n", "not valid TOML"),
    ],
)
def test_a_bad_file_is_refused_naming_the_file_and_what_is_wrong(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        read_settings(path, "x", VARS, {})
    assert str(caught.value).startswith(str(path)) and expected in str(caught.value)


def test_a_missing_or_unreadable_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_settings(tmp_path / "nope.toml", "x", VARS, {})
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('[x]\nhost = "caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(InputError, match="cannot be read"):
        read_settings(bad, "x", VARS, {})
