"""Direction files: the bundled ones are valid and cite their sources; bad ones fail clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli.app import REPO_ROOT
from engine.core.yamlfile import FileError
from engine.directions.model import load_direction, load_directions

SEEDS = REPO_ROOT.parent / "shared" / "seeds"


def test_every_bundled_direction_loads_and_every_clause_cites_a_seed_paper():
    directions = load_directions(REPO_ROOT / "directions")
    assert {d.id for d in directions} == {"bv-2017", "dfe-2017", "bvib-tor", "csib-tor"}
    for d in directions:
        for clause in d.clauses:
            assert clause.source.file.endswith(".txt") and clause.source.section
            assert clause.text.strip()
            if SEEDS.exists():
                assert (SEEDS / clause.source.file).exists(), clause.source.file


def test_the_dfe_direction_has_paragraphs_5a_to_5g_and_annex_a():
    dfe = next(d for d in load_directions(REPO_ROOT / "directions") if d.id == "dfe-2017")
    assert [c.key for c in dfe.clauses] == ["5a", "5b", "5c", "5d", "5e", "5f", "5g", "annex-a.reviews"]
    assert dfe.in_force.until is None  # until revoked


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "d.yaml"
    path.write_text(text)
    return path


BASE = """\
id: test-direction
title: A test direction
issuer: Someone
legal_basis: s.1
date: 2017-04-07
in_force: {from: 2017-04-07}
authority: tower-hamlets
source: {file: 001_df0266235ab592d9.txt, section: para 1}
clauses:
  - key: one
    title: One
    text: Do it.
    source: {file: 001_df0266235ab592d9.txt, section: para 1}
    duty_holder: {kind: council, name: The council}
    rule:
"""


def test_an_unknown_rule_kind_names_the_line(tmp_path):
    path = write(tmp_path, BASE + "      kind: sometimes\n")
    with pytest.raises(FileError) as err:
        load_direction(path)
    assert "d.yaml" in str(err.value) and "line 16" in str(err.value) and "clauses[0].rule" in str(err.value)


def test_a_missing_field_names_the_clause(tmp_path):
    path = write(tmp_path, BASE + "      kind: deadline\n")
    with pytest.raises(FileError) as err:
        load_direction(path)
    assert "clauses[0].rule.due: this field is required" in str(err.value)


def test_a_due_date_needs_exactly_one_of_date_or_after(tmp_path):
    path = write(tmp_path, BASE + "      kind: deadline\n      due: {date: 2017-06-30, after: {months: 3}}\n")
    with pytest.raises(FileError, match="exactly one of `date`"):
        load_direction(path)


def test_a_bad_time_of_day_is_refused(tmp_path):
    path = write(tmp_path, BASE + "      kind: deadline\n      due: {date: 2017-06-30, time: '10am'}\n")
    with pytest.raises(FileError, match=r"line 17, clauses\[0\]\.rule\.due\.time"):
        load_direction(path)


def test_a_valid_new_direction_needs_no_python(tmp_path):
    path = write(tmp_path, BASE + "      kind: deadline\n      due: {after: {months: 3}, from: direction_date}\n")
    d = load_direction(path)
    assert d.clause_id(d.clauses[0]) == "test-direction.one"
