"""`enforcement:` in a direction file: what follows a breach, at the direction and per clause (a clause's own
wins), strict like every other field, quoted from its seed paper, and part of the content hash a legal review
signs."""

from __future__ import annotations

import pytest
from helpers import DIRECTIONS
from test_directions import BASE, SEEDS, write

from engine.core.yamlfile import FileError
from engine.directions.content_hash import clause_hash
from engine.directions.model import load_direction

RULE = "      kind: deadline\n      due: {after: {months: 3}, from: direction_date}\n"
OWN = "    enforcement: {text: The clause's own words., source: {file: 001_df0266235ab592d9.txt, section: para 2}}\n"
OF_DIRECTION = (
    "enforcement: {text: The direction's words., source: {file: 001_df0266235ab592d9.txt, section: para 9}}\n"
)


def test_a_clauses_own_wins_over_the_directions(tmp_path):
    plain = load_direction(write(tmp_path, BASE + RULE))
    assert plain.enforcement_of(plain.clauses[0]) is None
    both = load_direction(write(tmp_path, OF_DIRECTION + BASE.replace("    rule:\n", OWN + "    rule:\n") + RULE))
    assert both.enforcement_of(both.clauses[0]).text == "The clause's own words."
    only = load_direction(write(tmp_path, OF_DIRECTION + BASE + RULE))
    e = only.enforcement_of(only.clauses[0])
    assert e.text == "The direction's words." and e.source.words() == "001_df0266235ab592d9.txt, para 9"


@pytest.mark.parametrize(
    "line, words",
    [
        ("enforcement: {text: Words., source: {file: x.txt, section: s}, sanction: fine}\n", "enforcement.sanction"),
        ("enforcement: {text: Words.}\n", "enforcement.source: this field is required"),
        ("enforcement: {text: '  ', source: {file: x.txt, section: s}}\n", "enforcement.text"),
    ],
)
def test_a_bad_enforcement_is_refused_naming_the_field(tmp_path, line, words):
    with pytest.raises(FileError) as err:
        load_direction(write(tmp_path, line + BASE + RULE))
    assert "d.yaml" in str(err.value) and "line 1" in str(err.value) and words in str(err.value)


def test_the_bundled_best_value_directions_quote_seed_004():
    bv = next(d for d in DIRECTIONS if d.id == "bv-2017")
    e = bv.enforcement
    assert e is not None and e.source.file == "004_52c33124d78cd148.txt"
    assert (
        "legal comments 5.5" in e.source.section and "section 15 of the Local Government Act 1999" in e.source.section
    )
    paper = SEEDS / e.source.file
    if paper.exists():  # the seed papers sit beside a checkout of the project, not in a clone of it
        assert " ".join(e.text.split()) in " ".join(paper.read_text(encoding="utf-8").split())
    assert all(bv.enforcement_of(c) == e for c in bv.clauses)


def test_enforcement_is_part_of_what_a_review_signs(tmp_path):
    plain = load_direction(write(tmp_path, BASE + RULE))
    stated = load_direction(write(tmp_path, OF_DIRECTION + BASE + RULE))
    own = load_direction(write(tmp_path, BASE.replace("    rule:\n", OWN + "    rule:\n") + RULE))
    h0, h1, h2 = (clause_hash(d, d.clauses[0], []) for d in (plain, stated, own))
    assert h0.parts["instrument"] != h1.parts["instrument"] and h0.parts["text"] == h1.parts["text"]
    assert h0.parts["text"] != h2.parts["text"] and h0.parts["instrument"] == h2.parts["instrument"]
